package io.cryptoassets.worker.tx;

/**
 * A transaction kept conflicting after every allowed retry. Its cause is the last conflict.
 * Callers must treat this as "not applied, try again later", never as a business rejection.
 */
public class CannotResolveDatabaseConflict extends RuntimeException {

    private final int attempts;

    public CannotResolveDatabaseConflict(String name, int attempts, Throwable lastConflict) {
        super("transaction '" + name + "' still conflicted after " + attempts + " attempts", lastConflict);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
