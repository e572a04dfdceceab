package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.policy.Verdict;
import java.math.BigInteger;
import java.util.UUID;

/**
 * A transaction row created by this batch (deposits are written from {@link Deposit}).
 *
 * @param approval    for a withdrawal held for approval, how many approvers and how long they have;
 *                    otherwise null
 * @param requestedBy the principal the withdrawal request named, if any
 */
record NewTransaction(
        TransactionRef ref,
        TransactionType type,
        TxState state,
        String accountId,
        String counterpartyAccountId,
        String address,
        BigInteger amount,
        UUID requestId,
        String label,
        Verdict.HoldForApproval approval,
        String requestedBy) {

    NewTransaction(TransactionRef ref, TransactionType type, TxState state, String accountId,
                   String counterpartyAccountId, String address, BigInteger amount, UUID requestId, String label) {
        this(ref, type, state, accountId, counterpartyAccountId, address, amount, requestId, label, null, null);
    }
}
