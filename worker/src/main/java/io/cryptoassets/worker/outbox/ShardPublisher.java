package io.cryptoassets.worker.outbox;

import io.cryptoassets.contracts.ContractHeaders;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * One round for the shards a relay holds: read the oldest rows of each shard (up to
 * {@code batch-size} per shard, so a busy shard cannot starve the others) in position order,
 * publish them all, wait for every acknowledgement, then delete exactly those rows. A failure
 * anywhere before the delete leaves the rows in place to be published again: at least once,
 * never lost. A failed delete is reported as {@link UndeletedBatch}, so that the relay can
 * retry the delete rather than send the rows again.
 *
 * <p>All held shards share one read, one flush and one delete: a round costs a few round trips
 * whatever the number of shards, which is what keeps commit-to-publish latency low. Rows of a
 * key are in one shard and go to one partition, and the producer keeps the order of a
 * partition, so publishing shards together keeps each key's order.
 */
final class ShardPublisher {

    private static final String OLDEST = """
            SELECT o.id, o.aggregatetype, o.aggregateid, o.type, o.payload::text, o.traceparent
            FROM unnest(CAST(? AS smallint[])) AS held(shard)
            CROSS JOIN LATERAL (
                SELECT id, aggregatetype, aggregateid, type, payload, traceparent, position
                FROM %s.outbox
                WHERE shard = held.shard
                ORDER BY position
                LIMIT ?
            ) AS o
            ORDER BY o.position
            """;

    private static final String DELETE = """
            DELETE FROM %s.outbox
            WHERE id = ANY(?)
            """;

    private final KafkaTemplate<String, String> template;
    private final String oldest;
    private final String delete;
    private final int batchSize;
    private final Duration sendTimeout;
    private final SessionHeartbeat heartbeat;

    ShardPublisher(KafkaTemplate<String, String> template, String schema, int batchSize, Duration sendTimeout,
                   SessionHeartbeat heartbeat) {
        this.template = template;
        this.oldest = OLDEST.formatted(schema);
        this.delete = DELETE.formatted(schema);
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.heartbeat = heartbeat;
    }

    /**
     * Publishes up to one batch of each of {@code shards}; returns how many rows were published.
     *
     * @throws UndeletedBatch when the broker acknowledged the batch but it could not be deleted
     */
    int publish(Connection connection, int[] shards) throws Exception {
        if (shards.length == 0) {
            return 0;
        }
        List<UUID> ids = new ArrayList<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement(oldest)) {
            read.setArray(1, connection.createArrayOf("int4", Arrays.stream(shards).boxed().toArray()));
            read.setInt(2, batchSize);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    ProducerRecord<String, String> record =
                            new ProducerRecord<>(rs.getString(2), rs.getString(3), rs.getString(5));
                    record.headers().add(ContractHeaders.EVENT_ID, id.toString().getBytes(StandardCharsets.UTF_8));
                    record.headers().add(ContractHeaders.MESSAGE_TYPE, rs.getString(4).getBytes(StandardCharsets.UTF_8));
                    String traceparent = rs.getString(6);
                    if (traceparent != null) {
                        record.headers().add(ContractHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
                    }
                    ids.add(id);
                    CompletableFuture<?> send = template.send(record);
                    if (send.isCompletedExceptionally()) {
                        // Failed before it was queued (no metadata within max.block.ms, producer
                        // closed): every further send would wait just as long for nothing.
                        send.get();
                    }
                    sends.add(send);
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (SessionHeartbeat.Beat waiting = heartbeat.during(connection)) {
            template.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            delete(connection, ids);
        } catch (SQLException e) {
            throw new UndeletedBatch(ids, e);
        }
        return ids.size();
    }

    /** Deletes rows the broker acknowledged; rows already gone are skipped. */
    void delete(Connection connection, List<UUID> ids) throws SQLException {
        try (PreparedStatement remove = connection.prepareStatement(delete)) {
            Array array = connection.createArrayOf("uuid", ids.toArray());
            remove.setArray(1, array);
            remove.executeUpdate();
        }
    }
}
