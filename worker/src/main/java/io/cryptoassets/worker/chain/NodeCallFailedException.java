package io.cryptoassets.worker.chain;

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
     * Whether the node itself answered, with an error object about this call. Otherwise it was
     * not reached or gave no usable answer (refused connection, timeout, HTTP error, rejected
     * credentials): a failure of the node, not of what was asked.
     */
    public boolean nodeAnswered() {
        return rpcCode != null;
    }
}
