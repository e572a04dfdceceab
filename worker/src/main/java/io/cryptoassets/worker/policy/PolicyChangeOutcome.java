package io.cryptoassets.worker.policy;

/** What became of an operator's change of an account's policy. */
public sealed interface PolicyChangeOutcome {

    /** Saved, and recorded in the account's policy history. */
    record Changed(AccountPolicy before, AccountPolicy after) implements PolicyChangeOutcome {
    }

    /** Nothing was changed. */
    record Refused(Reason reason, String why) implements PolicyChangeOutcome {
    }

    enum Reason {
        /** The asset has no such account. */
        UNKNOWN_ACCOUNT,
        /** An address for the allow-list is not one of the asset's. */
        INVALID_ADDRESS
    }
}
