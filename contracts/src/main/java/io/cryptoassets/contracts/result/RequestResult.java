package io.cryptoassets.contracts.result;

import io.cryptoassets.contracts.Event;
import io.cryptoassets.contracts.FieldError;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The worker's answer to one request, on {@link io.cryptoassets.contracts.Topics#REQUEST_RESULTS}.
 * A replayed request is answered again with the same content. Schema:
 * {@code schemas/request-result.schema.json}.
 *
 * @param schemaVersion   always {@link #SCHEMA_VERSION} for this release
 * @param eventId         unique per result; de-duplicate on it
 * @param requestId       the request's idempotency key (derived for deposit requests sent without one)
 * @param requestType     the request's {@code type}, e.g. {@code WithdrawalRequested}
 * @param asset           the request's asset, or {@code null} if it had no valid one
 * @param accountId       the account the request concerns (the source of a {@code Transfer}, the
 *                        owner of a deposit's address), or {@code null} if none is known; also the
 *                        record key, and when {@code null} the request's own key is used instead
 * @param status          {@code ACCEPTED} or {@code REJECTED}
 * @param reason          why it was rejected; {@code null} exactly when accepted
 * @param detail          optional human-readable explanation; never parse it
 * @param fieldErrors     for {@link ReasonCode#INVALID_REQUEST}, each offending field; otherwise empty
 * @param transactionId   the ledger transaction created, for accepted withdrawals, transfers and deposits;
 *                        for an accepted {@code CancelWithdrawal}, the withdrawal it cancelled
 * @param address         the address assigned by an accepted {@code CreateAddress}
 * @param occurredAt      when the worker decided, in UTC
 * @param limit           for {@link ReasonCode#LIMIT_EXCEEDED}, the limit exceeded; otherwise {@code null}
 * @param balance         the balance of {@code accountId} right after the request, for an accepted request
 *                        that changed it (a withdrawal, a transfer's source, a credited deposit, a
 *                        cancel's or rejection's refund) and for an accepted {@code GetBalance};
 *                        otherwise {@code null}
 * @param sequence        with {@code balance}: the account's event sequence at that point, i.e. the
 *                        {@code sequence} of the account's {@code TxUpdate} carrying the same balance
 *                        (for {@code GetBalance}, of its latest update); {@code null} without a balance,
 *                        or when the account has had no update yet
 * @param available       with {@code balance}: the account's available balance at the same point, the
 *                        balance less what its open holds reserve; otherwise {@code null}
 * @param source          the topic, partition and offset of the request record this result answers; every
 *                        delivered copy of a request is answered by its own result naming its own record.
 *                        {@code null} only for results written by an earlier release
 * @param transactionIds  for an accepted {@code Transfer} with legs, the ledger transaction of each leg,
 *                        in the order of the legs ({@code transactionId} is the first); otherwise {@code null}
 */
public record RequestResult(
        int schemaVersion,
        UUID eventId,
        UUID requestId,
        String requestType,
        String asset,
        String accountId,
        RequestStatus status,
        ReasonCode reason,
        String detail,
        List<FieldError> fieldErrors,
        Long transactionId,
        String address,
        Instant occurredAt,
        PolicyLimit limit,
        BigInteger balance,
        Long sequence,
        BigInteger available,
        RequestSource source,
        List<Long> transactionIds) implements Event {

    /** Absent or {@code null} field errors read as none, so the list is never {@code null}. */
    public RequestResult {
        fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
        transactionIds = transactionIds == null || transactionIds.isEmpty() ? null : List.copyOf(transactionIds);
    }

    /** A result of the current schema version. */
    public RequestResult(UUID eventId, UUID requestId, String requestType, String asset, String accountId,
                         RequestStatus status, ReasonCode reason, String detail, List<FieldError> fieldErrors,
                         Long transactionId, String address, Instant occurredAt) {
        this(SCHEMA_VERSION, eventId, requestId, requestType, asset, accountId, status, reason, detail,
                fieldErrors, transactionId, address, occurredAt, null, null, null, null, null, null);
    }

    /** A result of the current schema version that names the limit a withdrawal exceeded. */
    public RequestResult(UUID eventId, UUID requestId, String requestType, String asset, String accountId,
                         RequestStatus status, ReasonCode reason, String detail, List<FieldError> fieldErrors,
                         Long transactionId, String address, Instant occurredAt, PolicyLimit limit) {
        this(SCHEMA_VERSION, eventId, requestId, requestType, asset, accountId, status, reason, detail,
                fieldErrors, transactionId, address, occurredAt, limit, null, null, null, null, null);
    }

    /** An accepted result of the current schema version that tells the account's balance after it. */
    public static RequestResult acceptedWithBalance(UUID eventId, UUID requestId, String requestType, String asset,
                                                    String accountId, Long transactionId, String address,
                                                    Instant occurredAt, BigInteger balance, Long sequence) {
        return new RequestResult(SCHEMA_VERSION, eventId, requestId, requestType, asset, accountId,
                RequestStatus.ACCEPTED, null, null, List.of(), transactionId, address, occurredAt, null, balance,
                sequence, null, null, null);
    }

    /** An accepted result of the current schema version that tells the account's balance and available balance after it. */
    public static RequestResult acceptedWithBalance(UUID eventId, UUID requestId, String requestType, String asset,
                                                    String accountId, Long transactionId, String address,
                                                    Instant occurredAt, BigInteger balance, Long sequence,
                                                    BigInteger available) {
        return new RequestResult(SCHEMA_VERSION, eventId, requestId, requestType, asset, accountId,
                RequestStatus.ACCEPTED, null, null, List.of(), transactionId, address, occurredAt, null, balance,
                sequence, available, null, null);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
