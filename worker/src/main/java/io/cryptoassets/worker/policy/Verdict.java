package io.cryptoassets.worker.policy;

import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;
import java.time.Duration;

/** What the withdrawal policies say of one withdrawal, before the ledger debits it. */
public sealed interface Verdict {

    /** Within every policy; it goes on to be broadcast (or settled inside the ledger). */
    record Allowed() implements Verdict {
    }

    /**
     * Within every limit, at or above the approval threshold: debit it, but hold it in
     * {@code awaiting_approval} until {@code approvalsRequired} distinct approvers agreed, for at
     * most {@code within}.
     */
    record HoldForApproval(int approvalsRequired, Duration within) implements Verdict {

        /** What the held withdrawal's TxUpdate says: {@code held until 2 approvers approve it, within 24h}. */
        public String detail() {
            return "held until " + approvalsRequired + " approvers approve it, within " + BatchPolicies.readable(within);
        }
    }

    /**
     * Refused: {@code DESTINATION_NOT_ALLOWED}, or {@code LIMIT_EXCEEDED} naming {@code limit}.
     *
     * @param limit the limit exceeded, for LIMIT_EXCEEDED; otherwise null
     */
    record Refused(ReasonCode reason, PolicyLimit limit, String detail) implements Verdict {
    }

    Verdict ALLOWED = new Allowed();
}
