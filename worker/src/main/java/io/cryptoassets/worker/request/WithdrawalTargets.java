package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.MessageType;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.RejectWithdrawal;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.worker.ledger.NamedWithdrawal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Finds the withdrawal a {@code CancelWithdrawal}, {@code ApproveWithdrawal} or
 * {@code RejectWithdrawal} names by its request id. The inbox keeps every answered request with its
 * result, and the accepted result of a {@code WithdrawalRequested} names its transaction; the inbox
 * is read by primary key at the start of every batch anyway, so asking it about the named requests
 * too costs no extra round trip, and the ledger loads the withdrawal by transaction id. A withdrawal
 * made earlier in the same batch is not in the inbox yet: the ledger finds that one by its request id.
 */
final class WithdrawalTargets {

    private WithdrawalTargets() {
    }

    /** The batch's idempotency keys, then the request ids of the withdrawals its requests name. */
    static List<UUID> inboxKeys(List<IncomingRequest> batch) {
        Set<UUID> keys = new LinkedHashSet<>();
        batch.forEach(incoming -> keys.add(incoming.idempotencyKey()));
        for (IncomingRequest incoming : batch) {
            named(incoming).map(NamedWithdrawal::withdrawalRequestId).ifPresent(keys::add);
        }
        return List.copyOf(keys);
    }

    /**
     * The transaction of the withdrawal {@code incoming} names by request id, when the inbox holds an
     * accepted withdrawal of the same asset under that id; null otherwise (the ledger then looks
     * among the withdrawals made earlier in the batch, and else answers UNKNOWN_WITHDRAWAL).
     */
    static Long resolve(IncomingRequest incoming, Map<UUID, Inbox.Entry> inbox) {
        UUID named = named(incoming).map(NamedWithdrawal::withdrawalRequestId).orElse(null);
        Inbox.Entry entry = named == null ? null : inbox.get(named);
        if (entry == null) {
            return null;
        }
        RequestResult result = ContractJson.mapper().readValue(entry.resultJson(), RequestResult.class);
        boolean acceptedWithdrawal = MessageType.WITHDRAWAL_REQUESTED.typeName().equals(result.requestType())
                && result.status() == RequestStatus.ACCEPTED
                && ((IncomingRequest.Valid) incoming).request().asset().equals(result.asset());
        return acceptedWithdrawal ? result.transactionId() : null;
    }

    /** {@code request}, naming its withdrawal by {@code transactionId} as well. */
    static Request withTransaction(Request request, long transactionId) {
        if (request instanceof CancelWithdrawal c) {
            return new CancelWithdrawal(c.requestId(), c.asset(), c.accountId(), c.withdrawalRequestId(), transactionId);
        } else if (request instanceof ApproveWithdrawal a) {
            return new ApproveWithdrawal(a.requestId(), a.asset(), a.accountId(), a.withdrawalRequestId(),
                    transactionId, a.approverId());
        } else if (request instanceof RejectWithdrawal r) {
            return new RejectWithdrawal(r.requestId(), r.asset(), r.accountId(), r.withdrawalRequestId(),
                    transactionId, r.approverId(), r.comment());
        }
        throw new IllegalArgumentException(request.getClass().getSimpleName() + " names no withdrawal");
    }

    private static Optional<NamedWithdrawal> named(IncomingRequest incoming) {
        return incoming instanceof IncomingRequest.Valid valid ? NamedWithdrawal.of(valid.request()) : Optional.empty();
    }
}
