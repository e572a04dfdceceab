package io.cryptoassets.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;

/** The whole worker context starts against real PostgreSQL and Kafka. */
@WorkerIntegrationTest
class WorkerApplicationIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Test
    void migratesTheSharedAndAssetSchemas() {
        var tables = jdbc.sql("""
                SELECT table_schema || '.' || table_name
                FROM information_schema.tables
                WHERE table_schema IN ('cryptoassets', 'btc')
                """).query(String.class).set();

        assertThat(tables).contains(
                "cryptoassets.processed_request", "cryptoassets.outbox", "cryptoassets.node_scan_position",
                "btc.account", "btc.address", "btc.transaction", "btc.network_transaction", "btc.ledger_entry");
        assertThat(jdbc.sql("SELECT account_id FROM btc.account WHERE is_network_fee").query(String.class).single())
                .isEqualTo("$network-fee");
    }

    @Test
    void createsTheProductTopicsOnTheBroker() throws Exception {
        try (AdminClient admin = AdminClient.create(kafkaAdmin.getConfigurationProperties())) {
            Map<String, TopicDescription> topics = admin.describeTopics(Set.of(
                    Topics.WITHDRAWAL_REQUESTS, Topics.ACCOUNT_REQUESTS, Topics.DEPOSIT_REQUESTS,
                    Topics.REQUEST_RESULTS, Topics.TXUPDATES, Topics.ALERTS,
                    Topics.WITHDRAWAL_APPROVALS, Topics.dlt(Topics.WITHDRAWAL_REQUESTS),
                    Topics.dlt(Topics.WITHDRAWAL_APPROVALS))).allTopicNames().get();

            assertThat(topics.get(Topics.WITHDRAWAL_REQUESTS).partitions()).hasSize(6);
            assertThat(topics.get(Topics.WITHDRAWAL_APPROVALS).partitions()).hasSize(6);
            assertThat(topics.get(Topics.ALERTS).partitions()).hasSize(1);
        }
    }

    @Test
    void sessionsRunInTheTestTimeZoneNotUtc() {
        assertThat(jdbc.sql("SHOW TimeZone").query(String.class).single()).isEqualTo("Pacific/Chatham");
    }
}
