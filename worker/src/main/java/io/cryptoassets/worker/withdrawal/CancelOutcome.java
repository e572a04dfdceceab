package io.cryptoassets.worker.withdrawal;

import io.cryptoassets.worker.ledger.WithdrawalRefunds;

/** What came of an operator's cancel. */
public sealed interface CancelOutcome {

    /** The withdrawal ended cancelled and its amount went back to its account. */
    record Cancelled(WithdrawalRefunds.Refund refund) implements CancelOutcome {
    }

    /** Nothing changed; {@code why} says so in words an operator can act on. */
    record Refused(Reason reason, String why) implements CancelOutcome {
    }

    /** Why a withdrawal cannot be cancelled, as the request path's reason codes name it. */
    enum Reason {
        /** No withdrawal of this asset has that id (or the id is a deposit or a transfer). */
        UNKNOWN_WITHDRAWAL,
        /** It already ended, failed or cancelled, or was settled inside the ledger. */
        WITHDRAWAL_ENDED,
        /** It was sent, or its broadcast is in the node's hands. */
        ALREADY_BROADCAST
    }
}
