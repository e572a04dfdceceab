package io.cryptoassets.worker.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the worker creates its topics when they do not exist yet (existing topics are never
 * changed).
 *
 * @param partitions        partitions of request, result and txupdate topics (default 6); the
 *                          consumer group spreads these over the workers, so it bounds how
 *                          many workers share the load
 * @param replicationFactor replicas per partition; 0 (default) takes the broker's
 *                          {@code default.replication.factor}. Production: 3
 * @param create            whether to create missing topics at start-up (default true)
 * @param minInsyncReplicas the topics' {@code min.insync.replicas}; 0 (default) takes the
 *                          broker's. Production: 2, so that an acknowledged write (the worker
 *                          produces with acks=all) is on two replicas at least
 */
@ConfigurationProperties("cryptoassets.topics")
public record TopicProperties(
        @DefaultValue("6") int partitions,
        @DefaultValue("0") int replicationFactor,
        @DefaultValue("true") boolean create,
        @DefaultValue("0") int minInsyncReplicas) {

    @ConstructorBinding
    public TopicProperties {
        if (partitions < 1) {
            throw new IllegalArgumentException("cryptoassets.topics.partitions must be at least 1");
        }
        if (replicationFactor < 0) {
            throw new IllegalArgumentException("cryptoassets.topics.replication-factor must not be negative");
        }
        if (minInsyncReplicas < 0 || (replicationFactor > 0 && minInsyncReplicas > replicationFactor)) {
            throw new IllegalArgumentException(
                    "cryptoassets.topics.min-insync-replicas must be between 0 and the replication factor");
        }
    }

    /** Topics as the broker's defaults make them. */
    public TopicProperties(int partitions, int replicationFactor, boolean create) {
        this(partitions, replicationFactor, create, 0);
    }
}
