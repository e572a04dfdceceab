package io.cryptoassets.worker.outbox;

/**
 * This worker's relay as the health endpoint reports it. Present only while the built-in relay
 * is enabled ({@code cryptoassets.relay.enabled}).
 */
public interface RelayStatus {

    /**
     * Whether the relay holds a database session that has joined the relays and counted them, so
     * that it publishes its share of the shards. False while it connects again after losing it.
     */
    boolean joined();

    /** Relays alive, as this one last counted them; 0 while it has no session. */
    int relays();

    /** Shards this relay publishes now. */
    int heldShards();
}
