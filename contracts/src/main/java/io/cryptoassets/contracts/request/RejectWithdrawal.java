package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.UUID;

/**
 * An approver refuses a withdrawal held in {@code awaiting_approval}: it ends {@code failed} and its
 * amount goes back to the account, whatever other approvers said. Schema:
 * {@code schemas/reject-withdrawal.schema.json}.
 *
 * <p>Names the withdrawal by exactly one of {@code withdrawalRequestId} and {@code transactionId}.
 *
 * @param schemaVersion       always {@link #SCHEMA_VERSION} for this release
 * @param requestId           idempotency key of this rejection
 * @param asset               asset code of the withdrawal
 * @param accountId           the account that made the withdrawal; also the record key
 * @param withdrawalRequestId the {@code requestId} of the {@code WithdrawalRequested}
 * @param transactionId       the ledger transaction of the withdrawal, from its result or TxUpdate
 * @param approverId          who refuses
 * @param comment             optional free text, passed on in the withdrawal's TxUpdate {@code detail}
 */
@JsonTypeName("RejectWithdrawal")
public record RejectWithdrawal(
        int schemaVersion,
        UUID requestId,
        String asset,
        String accountId,
        UUID withdrawalRequestId,
        Long transactionId,
        String approverId,
        String comment) implements ApprovalRequest {

    /** A request of the current schema version. */
    public RejectWithdrawal(UUID requestId, String asset, String accountId, UUID withdrawalRequestId,
                            Long transactionId, String approverId, String comment) {
        this(SCHEMA_VERSION, requestId, asset, accountId, withdrawalRequestId, transactionId, approverId, comment);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
