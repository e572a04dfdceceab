package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.request.ApprovalRequest;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.Request;
import java.util.Optional;
import java.util.UUID;

/**
 * A withdrawal as a request names it: a {@code CancelWithdrawal}, {@code ApproveWithdrawal} or
 * {@code RejectWithdrawal} gives the account and either the withdrawal's request id or its
 * transaction id. A request id reaches the ledger with the transaction id the inbox found for it,
 * when it found one.
 */
public record NamedWithdrawal(String accountId, UUID withdrawalRequestId, Long transactionId) {

    /** The withdrawal {@code request} names, if it is a request that names one. */
    public static Optional<NamedWithdrawal> of(Request request) {
        if (request instanceof CancelWithdrawal c) {
            return Optional.of(new NamedWithdrawal(c.accountId(), c.withdrawalRequestId(), c.transactionId()));
        }
        if (request instanceof ApprovalRequest a) {
            return Optional.of(new NamedWithdrawal(a.accountId(), a.withdrawalRequestId(), a.transactionId()));
        }
        return Optional.empty();
    }

    /** How results name it: by the request that made it when it was named so, else by its transaction. */
    String describe() {
        return withdrawalRequestId != null ? "of request " + withdrawalRequestId : Long.toString(transactionId);
    }
}
