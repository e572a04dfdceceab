package io.cryptoassets.worker.admin;

/** A command that cannot be carried out in the ledger's current state (exit code 3). */
public class AdminRefusal extends RuntimeException {

    public AdminRefusal(String message) {
        super(message);
    }
}
