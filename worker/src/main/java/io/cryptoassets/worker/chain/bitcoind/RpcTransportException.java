package io.cryptoassets.worker.chain.bitcoind;

/**
 * No complete HTTP answer came back. {@link #requestLeft()} tells whether the request body was
 * handed to the HTTP client, i.e. whether the node may have received and executed the call.
 */
final class RpcTransportException extends Exception {

    private final boolean requestLeft;

    RpcTransportException(String message, boolean requestLeft, Throwable cause) {
        super(message, cause);
        this.requestLeft = requestLeft;
    }

    boolean requestLeft() {
        return requestLeft;
    }
}
