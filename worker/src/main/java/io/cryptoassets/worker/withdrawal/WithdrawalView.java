package io.cryptoassets.worker.withdrawal;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One withdrawal as an operator sees it.
 *
 * @param state             awaiting_approval, pending, broadcasted, failed or cancelled
 * @param broadcastId       the broadcast it is in, or null while it waits to be grouped or once it ended
 * @param broadcastState    that broadcast's state (grouped, signing, signed, opened, sent, broken, dissolved)
 * @param age               since the withdrawal was accepted
 * @param lastError         the node's last refusal of its broadcast, if any
 * @param approvalsRequired for one held for approval (now or before), how many approvers it needs; otherwise null
 * @param approvers         who approved it so far, in order
 * @param approvalDeadline  when approvers' time runs out; null for one never held
 */
public record WithdrawalView(long id, String accountId, String address, BigInteger amount, String state,
                             Long broadcastId, String broadcastState, Duration age, String lastError,
                             Integer approvalsRequired, List<String> approvers, Instant approvalDeadline) {

    public WithdrawalView {
        approvers = List.copyOf(approvers);
    }

    /** Approvals so far out of those required, e.g. {@code 1/2}; {@code -} for one never held. */
    public String approvals() {
        return approvalsRequired == null ? "-" : approvers.size() + "/" + approvalsRequired;
    }
}
