package io.cryptoassets.worker.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in outbox relay.
 *
 * @param enabled      run the relay in this worker (default true); switch off when Debezium's
 *                     outbox router publishes the table instead
 * @param batchSize    rows read, published and deleted per shard and round (default 500)
 * @param pollInterval longest sleep between rounds when no commit signal arrives (default 1s);
 *                     signals from this process and LISTEN/NOTIFY wake it earlier
 * @param sendTimeout  how long a round waits for the broker's acknowledgements (default 30s);
 *                     also the relay producer's delivery timeout, so a round that gave up leaves
 *                     nothing behind in the producer to arrive later, and the longest a database
 *                     call of the relay may block before its session is given up
 * @param staleAfter   how long a relay's lock session may stay idle before the other relays end
 *                     it and take its shards (default 30s): a worker frozen by SIGSTOP, a long
 *                     GC pause or a suspended VM otherwise keeps its shards until it wakes. At
 *                     least three poll intervals, since an idle relay speaks once per interval;
 *                     a round waiting on the broker for longer than this counts as stalled too
 */
@ConfigurationProperties("cryptoassets.relay")
public record RelayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("30s") Duration staleAfter) {

    public RelayProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("cryptoassets.relay.batch-size must be at least 1");
        }
        if (pollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("cryptoassets.relay.poll-interval must be at least 1ms");
        }
        if (sendTimeout.toMillis() < 1_000) {
            throw new IllegalArgumentException("cryptoassets.relay.send-timeout must be at least 1s");
        }
        if (staleAfter.compareTo(pollInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("cryptoassets.relay.stale-after must be at least three poll intervals");
        }
    }
}
