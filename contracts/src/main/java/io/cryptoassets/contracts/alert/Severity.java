package io.cryptoassets.contracts.alert;

/** How urgently an {@link Alert} needs a human. */
public enum Severity {
    /** Worth knowing; nothing is at risk. */
    INFO,
    /** Something is degraded and may need attention if it persists. */
    WARNING,
    /** Money may be at risk or stuck; act now. */
    CRITICAL
}
