package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * An application asks to cancel one of its withdrawals that has not been handed to the node yet;
 * accepted, the withdrawal ends {@code cancelled} and its amount goes back to the account. It
 * travels on the withdrawal topic with the same key as the withdrawal, so it is applied after
 * it. Schema: {@code schemas/cancel-withdrawal.schema.json}.
 *
 * <p>Names the withdrawal by exactly one of {@code withdrawalRequestId} and {@code transactionId}.
 *
 * @param schemaVersion       always {@link #SCHEMA_VERSION} for this release
 * @param requestId           idempotency key chosen by the client (of this cancel, not of the withdrawal)
 * @param asset               asset code of the withdrawal
 * @param accountId           the account that made the withdrawal; also the record key
 * @param withdrawalRequestId the {@code requestId} of the {@code WithdrawalRequested} to cancel
 * @param transactionId       the ledger transaction of the withdrawal, from its accepted result
 */
@JsonTypeName("CancelWithdrawal")
public record CancelWithdrawal(
        int schemaVersion,
        UUID requestId,
        String asset,
        String accountId,
        UUID withdrawalRequestId,
        Long transactionId) implements WithdrawalRequest {

    /** A request of the current schema version. */
    public CancelWithdrawal(UUID requestId, String asset, String accountId, UUID withdrawalRequestId,
                            Long transactionId) {
        this(SCHEMA_VERSION, requestId, asset, accountId, withdrawalRequestId, transactionId);
    }

    /** Cancels the withdrawal that was requested with {@code withdrawalRequestId}. */
    public static CancelWithdrawal ofRequest(UUID requestId, String asset, String accountId, UUID withdrawalRequestId) {
        return new CancelWithdrawal(requestId, asset, accountId, withdrawalRequestId, null);
    }

    /** Cancels the withdrawal whose accepted result named ledger transaction {@code transactionId}. */
    public static CancelWithdrawal ofTransaction(UUID requestId, String asset, String accountId, long transactionId) {
        return new CancelWithdrawal(requestId, asset, accountId, null, transactionId);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
