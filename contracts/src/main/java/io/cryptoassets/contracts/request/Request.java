package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.cryptoassets.contracts.Message;
import java.util.UUID;

/**
 * A request an application sends to the worker. Each topic carries one family of requests,
 * told apart by the {@code type} property, whose value is the record's simple name.
 *
 * <p>The worker answers every request it can read with one {@code RequestResult}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(WithdrawalRequested.class),
        @JsonSubTypes.Type(CancelWithdrawal.class),
        @JsonSubTypes.Type(DepositObserved.class),
        @JsonSubTypes.Type(DepositNotified.class),
        @JsonSubTypes.Type(OpenAccount.class),
        @JsonSubTypes.Type(CreateAddress.class),
        @JsonSubTypes.Type(Transfer.class),
        @JsonSubTypes.Type(GetBalance.class),
        @JsonSubTypes.Type(PlaceHold.class),
        @JsonSubTypes.Type(CaptureHold.class),
        @JsonSubTypes.Type(ReleaseHold.class),
        @JsonSubTypes.Type(ApproveWithdrawal.class),
        @JsonSubTypes.Type(RejectWithdrawal.class)
})
public sealed interface Request extends Message
        permits WithdrawalRequest, DepositRequest, AccountRequest, ApprovalRequest {

    /** The client's idempotency key; optional only on deposit requests, where it may be {@code null}. */
    UUID requestId();

    /** The asset code, e.g. {@code BTC}. */
    String asset();

    /**
     * The key the worker de-duplicates this request on: {@link #requestId()}, or for a deposit
     * request sent without one, an id derived from its content (see {@link DepositRequest}).
     */
    @JsonIgnore
    default UUID idempotencyKey() {
        return requestId();
    }
}
