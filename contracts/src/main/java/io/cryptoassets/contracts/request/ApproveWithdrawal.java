package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * An approver agrees to send a withdrawal held in {@code awaiting_approval}. Once as many distinct
 * approvers as the policy requires agreed, the withdrawal goes on to be broadcast. Schema:
 * {@code schemas/approve-withdrawal.schema.json}.
 *
 * <p>Names the withdrawal by exactly one of {@code withdrawalRequestId} and {@code transactionId}.
 *
 * @param schemaVersion       always {@link #SCHEMA_VERSION} for this release
 * @param requestId           idempotency key of this approval
 * @param asset               asset code of the withdrawal
 * @param accountId           the account that made the withdrawal; also the record key
 * @param withdrawalRequestId the {@code requestId} of the {@code WithdrawalRequested}
 * @param transactionId       the ledger transaction of the withdrawal, from its result or TxUpdate
 * @param approverId          who approves; an approver counts once, and may not be the withdrawal's
 *                            {@code requestedBy}
 */
@JsonTypeName("ApproveWithdrawal")
public record ApproveWithdrawal(
        int schemaVersion,
        UUID requestId,
        String asset,
        String accountId,
        UUID withdrawalRequestId,
        Long transactionId,
        String approverId) implements ApprovalRequest {

    /** A request of the current schema version. */
    public ApproveWithdrawal(UUID requestId, String asset, String accountId, UUID withdrawalRequestId,
                             Long transactionId, String approverId) {
        this(SCHEMA_VERSION, requestId, asset, accountId, withdrawalRequestId, transactionId, approverId);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
