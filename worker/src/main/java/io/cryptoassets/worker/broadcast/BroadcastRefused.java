package io.cryptoassets.worker.broadcast;

/** An operator's request about a broadcast that its current state does not allow. */
public class BroadcastRefused extends RuntimeException {

    public BroadcastRefused(String message) {
        super(message);
    }
}
