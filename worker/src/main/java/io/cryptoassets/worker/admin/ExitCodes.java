package io.cryptoassets.worker.admin;

/** Exit codes of the admin commands, documented in README. */
public final class ExitCodes {

    /** Done; for {@code audit}: no violation. */
    public static final int OK = 0;
    /** {@code audit} found at least one violation. */
    public static final int VIOLATIONS = 1;
    /** The command line is wrong (unknown command or option, missing or bad value). */
    public static final int USAGE = 2;
    /** The ledger's state does not allow it: unknown broadcast, not broken, already resolved. */
    public static final int REFUSED = 3;
    /** The database or the node could not be reached, or failed. */
    public static final int UNAVAILABLE = 4;

    private ExitCodes() {
    }
}
