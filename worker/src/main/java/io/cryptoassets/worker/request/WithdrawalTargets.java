package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.MessageType;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Finds the withdrawal a {@code CancelWithdrawal} names by its request id. The inbox keeps every
 * answered request with its result, and the accepted result of a {@code WithdrawalRequested} names
 * its transaction; the inbox is read by primary key at the start of every batch anyway, so asking it
 * about the named requests too costs no extra round trip, and the ledger loads the withdrawal by
 * transaction id. A withdrawal made earlier in the same batch is not in the inbox yet: the ledger
 * finds that one by its request id.
 */
final class CancelTargets {

    private CancelTargets() {
    }

    /** The batch's idempotency keys, then the request ids its cancels name. */
    static List<UUID> inboxKeys(List<IncomingRequest> batch) {
        Set<UUID> keys = new LinkedHashSet<>();
        batch.forEach(incoming -> keys.add(incoming.idempotencyKey()));
        for (IncomingRequest incoming : batch) {
            if (incoming instanceof IncomingRequest.Valid valid && valid.request() instanceof CancelWithdrawal cancel
                    && cancel.withdrawalRequestId() != null) {
                keys.add(cancel.withdrawalRequestId());
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The transaction of the withdrawal {@code cancel} names by request id, when the inbox holds an
     * accepted withdrawal of the same asset under that id; null otherwise (the ledger then looks
     * among the withdrawals made earlier in the batch, and else answers UNKNOWN_WITHDRAWAL).
     */
    static Long resolve(CancelWithdrawal cancel, Map<UUID, Inbox.Entry> inbox) {
        if (cancel.withdrawalRequestId() == null) {
            return null;
        }
        Inbox.Entry entry = inbox.get(cancel.withdrawalRequestId());
        if (entry == null) {
            return null;
        }
        RequestResult result = ContractJson.mapper().readValue(entry.resultJson(), RequestResult.class);
        boolean acceptedWithdrawal = MessageType.WITHDRAWAL_REQUESTED.typeName().equals(result.requestType())
                && result.status() == RequestStatus.ACCEPTED && cancel.asset().equals(result.asset());
        return acceptedWithdrawal ? result.transactionId() : null;
    }
}
