package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import java.math.BigInteger;
import java.util.UUID;

/** A transaction row created by this batch (deposits are written from {@link Deposit}). */
record NewTransaction(
        TransactionRef ref,
        TransactionType type,
        TxState state,
        String accountId,
        String counterpartyAccountId,
        String address,
        BigInteger amount,
        UUID requestId,
        String label) {
}
