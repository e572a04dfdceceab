package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.FieldError;
import io.cryptoassets.contracts.Message;
import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.worker.ledger.AccountBalance;
import io.cryptoassets.worker.ledger.LedgerEvents;
import io.cryptoassets.worker.ledger.PendingEvent;
import io.cryptoassets.worker.outbox.OutboxMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds the contract records of one batch, all stamped with the batch's decision time. */
final class Events {

    private final Instant occurredAt;

    Events(Instant occurredAt) {
        this.occurredAt = occurredAt;
    }

    Instant occurredAt() {
        return occurredAt;
    }

    /**
     * @param balance        the account's balance and sequence after the request, or null when it did not change
     * @param transactionIds each leg's transaction of a transfer with legs, in order; otherwise null
     */
    RequestResult accepted(UUID requestId, String type, String asset, String accountId, Long transactionId,
                           String address, AccountBalance balance, List<Long> transactionIds) {
        // Sequence 0 means the account has had no TxUpdate: no sequence to line the balance up with.
        Long sequence = balance == null || balance.sequence() == 0 ? null : balance.sequence();
        return new RequestResult(Message.SCHEMA_VERSION, UUID.randomUUID(), requestId, type, asset, accountId,
                RequestStatus.ACCEPTED, null, null, List.of(), transactionId, address, occurredAt, null,
                balance == null ? null : balance.balance(), sequence, balance == null ? null : balance.available(),
                null, transactionIds);
    }

    RequestResult rejected(UUID requestId, String type, String asset, String accountId, ReasonCode reason,
                           String detail, List<FieldError> fieldErrors) {
        return rejected(requestId, type, asset, accountId, reason, detail, fieldErrors, null);
    }

    RequestResult rejected(UUID requestId, String type, String asset, String accountId, ReasonCode reason,
                           String detail, List<FieldError> fieldErrors, PolicyLimit limit) {
        return new RequestResult(UUID.randomUUID(), requestId, type, asset, accountId, RequestStatus.REJECTED,
                reason, detail, fieldErrors, null, null, occurredAt, limit);
    }

    OutboxMessage message(String asset, PendingEvent event) {
        return LedgerEvents.message(asset, event, occurredAt);
    }
}
