package io.cryptoassets.worker.chain;

/**
 * A send whose outcome cannot be known: the request may have reached the node before the
 * connection dropped or the timeout struck. Deliberately not a {@link NodeCallFailedException},
 * so no retry loop written for those can resend money by accident; the broadcast stays open
 * and an operator resolves it.
 */
public class SendOutcomeUnknownException extends RuntimeException {

    public SendOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
