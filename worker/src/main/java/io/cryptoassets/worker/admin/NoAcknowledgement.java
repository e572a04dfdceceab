package io.cryptoassets.worker.admin;

/** The broker did not acknowledge a record within the command's bound (exit code 4). */
class NoAcknowledgement extends RuntimeException {

    NoAcknowledgement(String message, Throwable cause) {
        super(message, cause);
    }
}
