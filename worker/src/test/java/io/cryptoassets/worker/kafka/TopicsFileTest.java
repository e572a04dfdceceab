package io.cryptoassets.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code infra/topics.txt} is what docker-compose and the local broker script create; the worker
 * creates its topics itself. Both must agree, partition counts included, or a topic's count
 * depends on who came first.
 */
class TopicsFileTest {

    /** infra/topics.txt: topic name to partitions. */
    static Map<String, Integer> topicsFile() throws IOException {
        Path root = Path.of(System.getProperty("cryptoassets.test.repository-root", ".."));
        Map<String, Integer> topics = new TreeMap<>();
        for (String line : Files.readAllLines(root.resolve("infra/topics.txt"))) {
            String content = line.replaceFirst("#.*", "").trim();
            if (!content.isEmpty()) {
                String[] fields = content.split("\\s+");
                topics.put(fields[0], Integer.parseInt(fields[1]));
            }
        }
        return topics;
    }

    @Test
    void theWorkerCreatesTheTopicsOfTheTopicsFile() throws IOException {
        Map<String, Integer> declared = new TreeMap<>();
        for (NewTopic topic : TopicConfiguration.topics(new TopicProperties(6, 0, true))) {
            declared.put(topic.name(), topic.numPartitions());
        }

        assertThat(declared).isEqualTo(topicsFile());
    }

    @Test
    void productionSettingsReachEveryTopic() {
        for (NewTopic topic : TopicConfiguration.topics(new TopicProperties(6, 3, true, 2))) {
            assertThat(topic.replicationFactor()).as(topic.name()).isEqualTo((short) 3);
            assertThat(topic.configs()).as(topic.name()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        }
    }
}
