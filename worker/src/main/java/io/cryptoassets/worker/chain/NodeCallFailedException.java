package io.cryptoassets.worker.chain;

import java.util.Set;

/**
 * A node call that had no effect: the node refused it, answered with an error object, or could
 * not be reached before the request was sent. Retrying later is safe.
 */
public class NodeCallFailedException extends RuntimeException {

    private final Integer rpcCode;

    public NodeCallFailedException(String message, Integer rpcCode, Throwable cause) {
        super(message, cause);
        this.rpcCode = rpcCode;
    }

    public NodeCallFailedException(String message) {
        this(message, null, null);
    }

    /** The node's error code when it answered with an error object, else null. */
    public Integer rpcCode() {
        return rpcCode;
    }

    /**
     * Whether the failure concerns what was asked rather than the node: the node answered with an
     * error object about this call. Not when it was not reached or gave no usable answer (refused
     * connection, timeout, HTTP error, rejected credentials), nor when its error describes its own
     * state, whatever was asked: still starting up (Bitcoin Core's -28, RPC_IN_WARMUP) or its wallet
     * not loaded (-18) or not named (-19), or locked with a passphrase (-13). Those fail every call alike until they pass.
     */
    public boolean concernsTheCall() {
        return rpcCode != null && !NODE_STATE_CODES.contains(rpcCode);
    }

    /** Bitcoin Core's error codes for the node's own state (src/rpc/protocol.h). */
    private static final Set<Integer> NODE_STATE_CODES = Set.of(-28, -18, -19, -13);
}
