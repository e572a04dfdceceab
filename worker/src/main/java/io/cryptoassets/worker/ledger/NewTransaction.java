package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.policy.Verdict;
import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;

/**
 * A transaction row created by this batch (deposits are written from {@link Deposit}).
 *
 * @param approval    for a withdrawal held for approval, how many approvers and how long they have;
 *                    otherwise null
 * @param requestedBy the principal the withdrawal request named, if any
 * @param reference   the client's reference of the transfer that made it, if it gave one
 * @param metadata    the client's metadata of that transfer, if it gave any
 * @param leg         the position (from 1) of the leg it is in a transfer with legs; otherwise null
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
        String requestedBy,
        String reference,
        Map<String, String> metadata,
        Integer leg) {

    NewTransaction(TransactionRef ref, TransactionType type, TxState state, String accountId,
                   String counterpartyAccountId, String address, BigInteger amount, UUID requestId, String label,
                   Verdict.HoldForApproval approval, String requestedBy) {
        this(ref, type, state, accountId, counterpartyAccountId, address, amount, requestId, label, approval,
                requestedBy, null, null, null);
    }

    NewTransaction(TransactionRef ref, TransactionType type, TxState state, String accountId,
                   String counterpartyAccountId, String address, BigInteger amount, UUID requestId, String label) {
        this(ref, type, state, accountId, counterpartyAccountId, address, amount, requestId, label, null, null, null, null,
                null);
    }
}
