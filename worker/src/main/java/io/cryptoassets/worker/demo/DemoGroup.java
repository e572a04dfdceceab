package io.cryptoassets.worker.demo;

import io.cryptoassets.contracts.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo worker's consumer group starts at the current end of the request topics. The demo
 * database is new each run, but a local broker keeps whatever other runs (a benchmark, an
 * earlier demo, a worker under development) produced; without this the demo's worker would
 * first work through that backlog, and the demo's own requests would wait behind it.
 */
final class DemoGroup {

    static final String ID = "cryptoassets-demo";

    private static final List<String> REQUEST_TOPICS =
            List.of(Topics.ACCOUNT_REQUESTS, Topics.DEPOSIT_REQUESTS, Topics.WITHDRAWAL_REQUESTS,
                    Topics.WITHDRAWAL_APPROVALS);

    private DemoGroup() {
    }

    /** Moves the group to the end of every existing request topic; returns the requests skipped. */
    static long skipEarlierRequests(Map<String, Object> adminProperties) throws InterruptedException {
        try (Admin admin = Admin.create(adminProperties)) {
            Set<String> existing = admin.listTopics().names().get();
            List<String> topics = REQUEST_TOPICS.stream().filter(existing::contains).toList();
            if (topics.isEmpty()) {
                return 0; // a new broker: the worker creates the topics
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                    .forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = admin.listOffsets(ends).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ID)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
            long skipped = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : latest.entrySet()) {
                OffsetAndMetadata before = committed.get(end.getKey());
                skipped += end.getValue().offset() - (before == null ? 0 : before.offset());
                moved.put(end.getKey(), new OffsetAndMetadata(end.getValue().offset()));
            }
            admin.alterConsumerGroupOffsets(ID, moved).all().get();
            return skipped;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not move the demo's consumer group '" + ID
                    + "' to the end of the request topics (is another demo running against this broker?): "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
