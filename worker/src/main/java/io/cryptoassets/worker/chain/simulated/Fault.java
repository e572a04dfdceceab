package io.cryptoassets.worker.chain.simulated;

import java.time.Duration;

/**
 * A misbehaviour the simulated node shows on one call, the ways a real node and network fail.
 *
 * @param kind    what goes wrong
 * @param delay   how long the reply takes, for {@link Kind#SLOW}
 * @param rpcCode the error code of a {@link Kind#REFUSE} that names one, else null
 * @param message the node's words for a {@link Kind#REFUSE} that names them, else null
 */
public record Fault(Kind kind, Duration delay, Integer rpcCode, String message) {

    public enum Kind {
        /**
         * The node answers with an error: nothing happened. On {@code SIGN} and {@code SEND_RAW},
         * and on {@code SEND} when the fault names its words, a {@code SendRefusedException}
         * classified from those words; otherwise a plain {@code NodeCallFailedException}.
         */
        REFUSE,
        /** The request times out before the node acted on it; the caller cannot tell. */
        TIMEOUT_BEFORE_SEND,
        /**
         * The node acted (a send reached the network; a signing locked its inputs), then the reply
         * was lost.
         */
        TIMEOUT_AFTER_SEND,
        /** The node answers correctly, late. */
        SLOW
    }

    public Fault(Kind kind, Duration delay) {
        this(kind, delay, null, null);
    }

    public static Fault refuse() {
        return new Fault(Kind.REFUSE, Duration.ZERO);
    }

    /** A refusal in the node's own words, e.g. {@code refuse(-26, "min relay fee not met")}. */
    public static Fault refuse(int rpcCode, String message) {
        return new Fault(Kind.REFUSE, Duration.ZERO, rpcCode, message);
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
