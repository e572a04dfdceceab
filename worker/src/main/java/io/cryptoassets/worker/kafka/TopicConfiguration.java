package io.cryptoassets.worker.kafka;

import io.cryptoassets.contracts.Topics;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the product's topics so KafkaAdmin creates the missing ones at start-up. With
 * {@code spring.kafka.admin.fail-fast} this is also the start-up check that the broker is
 * reachable. With the default settings these are exactly the topics of {@code infra/topics.txt}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "cryptoassets.topics.create", havingValue = "true", matchIfMissing = true)
class TopicConfiguration {

    static final List<String> REQUEST_TOPICS =
            List.of(Topics.WITHDRAWAL_REQUESTS, Topics.DEPOSIT_REQUESTS, Topics.ACCOUNT_REQUESTS,
                    Topics.WITHDRAWAL_APPROVALS);
    static final List<String> EVENT_TOPICS = List.of(Topics.REQUEST_RESULTS, Topics.TXUPDATES);

    @Bean
    KafkaAdmin.NewTopics productTopics(TopicProperties properties) {
        return new KafkaAdmin.NewTopics(topics(properties).toArray(NewTopic[]::new));
    }

    /** The product's topics as {@code properties} make them. */
    static List<NewTopic> topics(TopicProperties properties) {
        List<NewTopic> topics = new java.util.ArrayList<>();
        for (String topic : REQUEST_TOPICS) {
            topics.add(topic(topic, properties.partitions(), properties));
            topics.add(topic(Topics.dlt(topic), properties.partitions(), properties));
        }
        for (String topic : EVENT_TOPICS) {
            topics.add(topic(topic, properties.partitions(), properties));
        }
        // Alerts are rare and keyed by asset; one partition keeps them in one ordered stream.
        topics.add(topic(Topics.ALERTS, 1, properties));
        return topics;
    }

    private static NewTopic topic(String name, int partitions, TopicProperties properties) {
        TopicBuilder builder = TopicBuilder.name(name).partitions(partitions);
        if (properties.replicationFactor() > 0) {
            builder.replicas(properties.replicationFactor());
        }
        if (properties.minInsyncReplicas() > 0) {
            builder.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(properties.minInsyncReplicas()));
        }
        return builder.build();
    }
}
