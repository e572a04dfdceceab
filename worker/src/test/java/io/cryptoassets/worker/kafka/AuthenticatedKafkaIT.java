package io.cryptoassets.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.testsupport.SecuredBroker;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The worker against a broker that admits only authenticated clients over TLS (SASL_SSL with
 * SCRAM-SHA-512) and only what {@code infra/kafka-acls} grants, configured through nothing but
 * standard {@code spring.kafka.*} settings: its request listener, dead-letter producer, relay and
 * topic creation all work, and an application's request is answered. A client without
 * credentials, or with a wrong password, is refused; an application cannot read requests or
 * forge results; a principal with no ACL can do nothing.
 */
class AuthenticatedKafkaIT {

    private static final String WORKER_USER = "ledger-worker";
    private static final String WORKER_PASSWORD = "worker-secret";
    private static final String APP_USER = "wallet-app";
    private static final String APP_PASSWORD = "app-secret";
    private static final String APPROVER_USER = "approvals-desk";
    private static final String APPROVER_PASSWORD = "approver-secret";
    private static final String STRANGER_USER = "stranger";
    private static final String STRANGER_PASSWORD = "stranger-secret";
    /** Consumer groups the ACLs let applications use. */
    private static final String APP_GROUP_PREFIX = "cryptoassets-app-";

    private static SecuredBroker broker;
    private static TestDatabase.Scratch database;
    private static ConfigurableApplicationContext worker;

    @BeforeAll
    static void startBrokerAndWorker() throws Exception {
        broker = new SecuredBroker(Map.of(WORKER_USER, WORKER_PASSWORD, APP_USER, APP_PASSWORD,
                APPROVER_USER, APPROVER_PASSWORD, STRANGER_USER, STRANGER_PASSWORD));
        grantAcls();
        database = TestDatabase.get().scratch("sasl");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", database.jdbcUrl());
        settings.put("spring.datasource.username", TestDatabase.get().user());
        settings.put("spring.datasource.password", TestDatabase.get().password());
        settings.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        settings.put("spring.kafka.security.protocol", "SASL_SSL");
        settings.put("spring.kafka.ssl.trust-store-location", broker.truststore().toUri().toString());
        settings.put("spring.kafka.ssl.trust-store-password", broker.truststorePassword());
        settings.put("spring.kafka.ssl.trust-store-type", "PKCS12");
        settings.put("spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
        settings.put("spring.kafka.properties.sasl.jaas.config", SecuredBroker.jaas(WORKER_USER, WORKER_PASSWORD));
        settings.put("cryptoassets.assets[0].code", "BTC");
        settings.put("cryptoassets.assets[0].address-networks", "regtest");
        worker = new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                // Above application.yml, as command-line options or environment variables would be.
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("authenticated-kafka", settings)))
                .run();
    }

    /** Runs {@code infra/kafka-acls} as an operator would, with Kafka's AclCommand from the test classpath. */
    private static void grantAcls() throws IOException, InterruptedException {
        Path repository = Path.of(System.getProperty("cryptoassets.test.repository-root", "..")).toAbsolutePath().normalize();
        Path adminConfig = Files.createTempFile("kafka-admin", ".properties");
        try {
            Properties admin = new Properties();
            broker.superUserProperties().forEach((key, value) -> admin.setProperty(key, value.toString()));
            admin.remove("bootstrap.servers");
            try (var out = Files.newOutputStream(adminConfig)) {
                admin.store(out, "the broker's super user, for setting ACLs");
            }
            ProcessBuilder script = new ProcessBuilder("bash", repository.resolve("infra/kafka-acls").toString(),
                    "--bootstrap-server", broker.bootstrapServers(), "--command-config", adminConfig.toString(),
                    "--worker", "User:" + WORKER_USER, "--application", "User:" + APP_USER,
                    "--approver", "User:" + APPROVER_USER,
                    "--application-group-prefix", APP_GROUP_PREFIX).redirectErrorStream(true);
            script.environment().put("KAFKA_CLASSPATH", System.getProperty("java.class.path"));
            Process process = script.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as("infra/kafka-acls exit code; output:%n%s", output).isZero();
        } finally {
            Files.deleteIfExists(adminConfig);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (database != null) {
            database.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anAuthenticatedApplicationIsAnsweredThroughTls() throws Exception {
        OpenAccount open = new OpenAccount(UUID.randomUUID(), "BTC", "sasl-" + UUID.randomUUID().toString().substring(0, 8), null);
        try (KafkaConsumer<String, String> results = consumer(broker.clientProperties(APP_USER, APP_PASSWORD), Topics.REQUEST_RESULTS);
             KafkaProducer<String, byte[]> producer = producer(APP_USER, APP_PASSWORD)) {
            producer.send(new ProducerRecord<>(Topics.ACCOUNT_REQUESTS, open.recordKey(),
                    ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(open))).get(30, TimeUnit.SECONDS);
            assertThat(awaitResult(results, open.requestId()).status()).isEqualTo(RequestStatus.ACCEPTED);
        }
    }

    @Test
    void anUnreadableRecordIsDeadLetteredThroughTls() throws Exception {
        byte[] garbage = ("not json " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<String, String> deadLetters = consumer(broker.superUserProperties(), Topics.dlt(Topics.ACCOUNT_REQUESTS));
             KafkaProducer<String, byte[]> producer = producer(APP_USER, APP_PASSWORD)) {
            producer.send(new ProducerRecord<>(Topics.ACCOUNT_REQUESTS, "garbage", garbage)).get(30, TimeUnit.SECONDS);
            String expected = new String(garbage, StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, String> record : deadLetters.poll(Duration.ofMillis(500))) {
                    if (expected.equals(record.value())) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    @Test
    void aClientWithoutCredentialsIsRefused() {
        Map<String, Object> tlsOnly = new HashMap<>(broker.tlsOnly());
        tlsOnly.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        tlsOnly.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(tlsOnly)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void aClientWithAWrongPasswordIsRefused() {
        Map<String, Object> wrong = new HashMap<>(broker.clientProperties(APP_USER, "not-the-password"));
        wrong.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        wrong.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void anApplicationCanNeitherReadRequestsNorForgeResults() throws Exception {
        try (KafkaConsumer<String, String> requests = consumer(broker.clientProperties(APP_USER, APP_PASSWORD),
                Topics.WITHDRAWAL_REQUESTS)) {
            assertThatThrownBy(() -> requests.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, byte[]> producer = producer(APP_USER, APP_PASSWORD)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.REQUEST_RESULTS, "forged",
                    "{}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void anApproverIsAnsweredAndAnApplicationCannotApprove() throws Exception {
        ApproveWithdrawal approval = new ApproveWithdrawal(UUID.randomUUID(), "BTC", "nobody", null, 1L, "alice");
        byte[] value = ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(approval);
        try (KafkaConsumer<String, String> results = consumer(broker.clientProperties(APPROVER_USER, APPROVER_PASSWORD),
                Topics.REQUEST_RESULTS);
             KafkaProducer<String, byte[]> approver = producer(APPROVER_USER, APPROVER_PASSWORD);
             KafkaProducer<String, byte[]> application = producer(APP_USER, APP_PASSWORD)) {
            assertThatThrownBy(() -> application.send(new ProducerRecord<>(Topics.WITHDRAWAL_APPROVALS,
                    approval.recordKey(), value)).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            approver.send(new ProducerRecord<>(Topics.WITHDRAWAL_APPROVALS, approval.recordKey(), value))
                    .get(30, TimeUnit.SECONDS);
            assertThat(awaitResult(results, approval.requestId()).reason()).isEqualTo(ReasonCode.UNKNOWN_ACCOUNT);
        }
    }

    @Test
    void aPrincipalWithoutAclsCannotSendRequests() {
        try (KafkaProducer<String, byte[]> producer = producer(STRANGER_USER, STRANGER_PASSWORD)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.WITHDRAWAL_REQUESTS, "acct",
                    "{}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static RequestResult awaitResult(KafkaConsumer<String, String> results, UUID requestId) {
        Map<UUID, RequestResult> seen = new HashMap<>();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(500))) {
                RequestResult result = ContractJson.mapper().readValue(record.value(), RequestResult.class);
                seen.put(result.requestId(), result);
            }
            return seen.containsKey(requestId);
        });
        return seen.get(requestId);
    }

    private static KafkaProducer<String, byte[]> producer(String user, String password) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(user, password));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> client, String topic) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, APP_GROUP_PREFIX + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
