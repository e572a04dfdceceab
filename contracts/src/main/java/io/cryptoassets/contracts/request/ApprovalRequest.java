package io.cryptoassets.contracts.request;

import java.util.UUID;

/**
 * The requests on {@link io.cryptoassets.contracts.Topics#WITHDRAWAL_APPROVALS}: an approver's word
 * on a withdrawal held for approval. A topic of their own, so ACLs can let approvers write it and
 * keep applications out.
 */
public sealed interface ApprovalRequest extends Request permits ApproveWithdrawal, RejectWithdrawal {

    /** The account that made the withdrawal; also the record key. */
    String accountId();

    /** The requestId of the withdrawal decided on, or {@code null} when it is named by {@link #transactionId()}. */
    UUID withdrawalRequestId();

    /** The ledger transaction of the withdrawal, or {@code null} when it is named by {@link #withdrawalRequestId()}. */
    Long transactionId();

    /** Who decides: an identity of the approver, unique among approvers. */
    String approverId();
}
