package io.cryptoassets.worker.chain.simulated;

import java.time.Duration;

/**
 * A misbehaviour the simulated node shows on one call, the ways a real node and network fail.
 *
 * @param kind  what goes wrong
 * @param delay how long the reply takes, for {@link Kind#SLOW}
 */
public record Fault(Kind kind, Duration delay) {

    public enum Kind {
        /** The node answers with an error: nothing happened. */
        REFUSE,
        /** The request times out before the node acted on it; the caller cannot tell. */
        TIMEOUT_BEFORE_SEND,
        /** The node acted (a send reached the network), then the reply was lost. */
        TIMEOUT_AFTER_SEND,
        /** The node answers correctly, late. */
        SLOW
    }

    public static Fault refuse() {
        return new Fault(Kind.REFUSE, Duration.ZERO);
    }

    public static Fault timeoutBeforeSend() {
        return new Fault(Kind.TIMEOUT_BEFORE_SEND, Duration.ZERO);
    }

    public static Fault timeoutAfterSend() {
        return new Fault(Kind.TIMEOUT_AFTER_SEND, Duration.ZERO);
    }

    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, delay);
    }
}
