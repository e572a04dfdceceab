package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.ApprovalRequest;

/** Reads the approvers' requests of {@link Topics#WITHDRAWAL_APPROVALS}, validated against their schemas. */
public class ApprovalRequestDeserializer extends RequestDeserializer<ApprovalRequest> {

    public ApprovalRequestDeserializer() {
        super(Topics.WITHDRAWAL_APPROVALS, ApprovalRequest.class);
    }
}
