package io.cryptoassets.worker.health;

import static io.cryptoassets.worker.health.DeploymentFiles.at;
import static io.cryptoassets.worker.health.DeploymentFiles.kind;
import static io.cryptoassets.worker.health.DeploymentFiles.list;
import static io.cryptoassets.worker.health.DeploymentFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.audit.ReservesWatch;
import io.cryptoassets.worker.chain.Nodes;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.testsupport.LongTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import io.cryptoassets.worker.tracing.Traceparent;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * A worker with its management port, as a deployment runs it: health (up; readiness down while
 * its database refuses connections, liveness not; up again after), info, the Prometheus
 * endpoint carrying every metric the alert rules and the dashboard use, the paths the
 * deployment files probe, and a request's trace id on the result, txupdate and alert it causes.
 * The worker has a broker and a database of its own ({@link OwnWorker}).
 */
@LongTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    /** Application metric families: what the rules and the dashboard name, and the worker exposes. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b(?:cryptoassets|kafka|jvm|hikaricp|process|system|spring|executor|tomcat|logback|disk|application)_[a-z0-9_]+\\b");

    private static OwnWorker worker;
    private static ApplicationContext context;
    private static JdbcClient adminJdbc;
    private static KafkaProducer<String, byte[]> producer;
    private static TracedEvents events;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        // A database that refuses connections is reported within seconds, not 30.
        worker = new OwnWorker("observability", Map.of("spring.datasource.hikari.connection-timeout", "2000"));
        context = worker.context();
        adminJdbc = worker.adminJdbc();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, worker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        events = new TracedEvents(worker.bootstrapServers());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        // In reverse order of start, each only if it was started.
        if (events != null) {
            events.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    @Order(1)
    void upAndReadyOnTheManagementPortOnly() throws Exception {
        awaitStatus(ObservabilityPaths.READINESS, 200);
        JsonNode readiness = json(get(ObservabilityPaths.READINESS).body());
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(names(readiness.path("components")))
                .containsExactlyInAnyOrder("readinessState", "db", "migrations", "requestConsumer", "outboxRelay");
        JsonNode liveness = json(get(ObservabilityPaths.LIVENESS).body());
        assertThat(names(liveness.path("components"))).containsExactly("livenessState");

        JsonNode health = json(get("/actuator/health").body());
        assertThat(names(health.path("components"))).contains("requestProgress", "outboxBacklog", "nodes", "brokenBroadcasts");
        assertThat(health.path("components").path("nodes").path("details").path("BTC").path("state").asString())
                .isEqualTo("up");

        JsonNode info = json(get(ObservabilityPaths.INFO).body());
        assertThat(info.path("build").path("version").asString()).isNotBlank();
        assertThat(info.path("assets").valueStream().map(a -> a.path("code").asString() + ":" + a.path("node").asString()))
                .containsExactly("BTC:simulated", RequestTraffic.REPORTED_ASSET + ":none");

        // The application itself serves no HTTP: its own server was never given a port.
        assertThat(((WebServerApplicationContext) context).getWebServer().getPort()).isEqualTo(-1);
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aRequestsTraceReachesItsResultTxUpdateAndAlert() {
        String account = RequestTraffic.account("traced");
        String address = RequestTraffic.newAddress();
        UUID open = UUID.randomUUID();
        String openTrace = traceparent();
        send(Topics.ACCOUNT_REQUESTS, new OpenAccount(open, RequestTraffic.REPORTED_ASSET, account, null), openTrace);
        awaitAnswered(open);
        UUID register = UUID.randomUUID();
        send(Topics.ACCOUNT_REQUESTS, new CreateAddress(register, RequestTraffic.REPORTED_ASSET, account, address),
                traceparent());
        awaitAnswered(register);

        UUID deposit = UUID.randomUUID();
        String depositTrace = traceparent();
        send(Topics.DEPOSIT_REQUESTS, new DepositObserved(deposit, RequestTraffic.REPORTED_ASSET, RequestTraffic.txid(),
                0, address, BigInteger.valueOf(5_000), 6, null), depositTrace);
        // A BTC deposit the node does not know: rejected, with an UNVERIFIED_DEPOSIT alert naming the txid.
        UUID unverified = UUID.randomUUID();
        String unknownTxid = RequestTraffic.txid();
        String unverifiedTrace = traceparent();
        send(Topics.DEPOSIT_REQUESTS, new DepositObserved(unverified, RequestTraffic.ASSET, unknownTxid,
                0, RequestTraffic.newAddress(), BigInteger.valueOf(5_000), 6, null), unverifiedTrace);
        UUID untraced = UUID.randomUUID();
        send(Topics.ACCOUNT_REQUESTS, new OpenAccount(untraced, RequestTraffic.REPORTED_ASSET,
                RequestTraffic.account("untraced"), null), null);
        UUID malformed = UUID.randomUUID();
        send(Topics.ACCOUNT_REQUESTS, new OpenAccount(malformed, RequestTraffic.REPORTED_ASSET,
                RequestTraffic.account("malformed"), null), "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01");

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertTraced(events.on(Topics.REQUEST_RESULTS, open.toString()), openTrace);
            assertTraced(events.on(Topics.REQUEST_RESULTS, deposit.toString()), depositTrace);
            assertTraced(events.on(Topics.TXUPDATES, account), depositTrace);
            assertTraced(events.on(Topics.REQUEST_RESULTS, unverified.toString()), unverifiedTrace);
            assertTraced(events.on(Topics.ALERTS, unknownTxid), unverifiedTrace);
            assertThat(events.on(Topics.REQUEST_RESULTS, untraced.toString())).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.traceparent()).isNull());
            assertThat(events.on(Topics.REQUEST_RESULTS, malformed.toString())).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.traceparent()).isNull());
        });
        // Without an OTLP endpoint no span is made: the context passes through as it came.
        assertThat(events.on(Topics.REQUEST_RESULTS, open.toString()))
                .extracting(TracedEvents.Event::traceparent).containsOnly(openTrace);
    }

    @Test
    @Order(3)
    void prometheusCarriesEveryMetricTheRulesAndTheDashboardUse() throws Exception {
        // Meters that appear with activity: a withdrawal broadcast, a reserves check, a GC.
        SimulatedChain chain = context.getBean(Nodes.class).simulated(RequestTraffic.ASSET).orElseThrow();
        String account = RequestTraffic.account("observed");
        String address = chain.newAddress(account);
        UUID open = UUID.randomUUID();
        UUID register = UUID.randomUUID();
        send(Topics.ACCOUNT_REQUESTS, new OpenAccount(open, RequestTraffic.ASSET, account, null), null);
        send(Topics.ACCOUNT_REQUESTS, new CreateAddress(register, RequestTraffic.ASSET, account, address), null);
        awaitAnswered(register);
        String txid = chain.pay(address, BigInteger.valueOf(100_000));
        chain.mine(RequestTraffic.CREDITING_BLOCKS);
        UUID deposit = UUID.randomUUID();
        send(Topics.DEPOSIT_REQUESTS, new DepositObserved(deposit, RequestTraffic.ASSET, txid, 0, address,
                BigInteger.valueOf(100_000), RequestTraffic.CREDITING_BLOCKS, null), null);
        awaitAnswered(deposit);
        UUID withdrawal = UUID.randomUUID();
        send(Topics.WITHDRAWAL_REQUESTS, new WithdrawalRequested(withdrawal, RequestTraffic.ASSET, account,
                chain.anyAddress(), BigInteger.valueOf(10_000), null, false), null);
        awaitAnswered(withdrawal);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> chain.sends().size() == 1);
        var btcAsset = context.getBean(LedgerProperties.class).asset(RequestTraffic.ASSET).orElseThrow();
        context.getBean(ReservesWatch.class).check(btcAsset, context.getBean(Nodes.class).forAsset("BTC").orElseThrow());
        System.gc();

        Set<String> used = new TreeSet<>();
        used.addAll(metricsIn(rulesExpressions()));
        used.addAll(metricsIn(dashboardExpressions()));
        assertThat(used).as("metrics named by the rules and the dashboard").hasSizeGreaterThan(20)
                .contains("cryptoassets_requests_total", "kafka_consumer_fetch_manager_records_lag",
                        "cryptoassets_broadcasts_total", "cryptoassets_reserves_surplus_smallest_unit");

        // Kafka client meters for each partition appear once the client's metrics are next read (a minute).
        Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(exposed()).containsAll(used));
        String scrape = get(ObservabilityPaths.PROMETHEUS).body();
        assertThat(scrape).containsPattern("kafka_consumer_fetch_manager_records_lag\\{[^}]*partition=\"[0-9]+\"[^}]*"
                + "topic=\"cryptoassets\\.withdrawal-requests\"");
        assertThat(scrape).containsPattern("cryptoassets_broadcasts_total\\{asset=\"BTC\",outcome=\"sent\"\\} [1-9]");
        assertThat(scrape).contains("hikaricp_connections_active{");
    }

    @Test
    @Order(4)
    void theDeploymentFilesProbePathsTheWorkerServes() throws Exception {
        Map<String, Object> container = DeploymentFiles.workerContainer();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = (String) at(container, probe, "httpGet", "path");
            assertThat(get(path).statusCode()).as(probe + " " + path).isEqualTo(200);
        }
        String scrapePath = (String) at(kind("infra/kubernetes/deployment.yaml", "Deployment"),
                "spec", "template", "metadata", "annotations", "prometheus.io/path");
        HttpResponse<String> scrape = get(scrapePath);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("cryptoassets_requests_total{");
        Matcher composeProbe = Pattern.compile("GET (\\S+) HTTP").matcher(DeploymentFiles.read("infra/docker-compose.yml"));
        assertThat(composeProbe.find()).isTrue();
        assertThat(get(composeProbe.group(1)).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void readinessFollowsTheDatabaseAndLivenessDoesNot() throws Exception {
        String name = worker.databaseName();
        JdbcClient server = JdbcClient.create(TestDatabase.get().dataSource());
        server.sql("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false").update();
        try {
            server.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name")
                    .param("name", name).query().listOfRows();

            awaitStatus(ObservabilityPaths.READINESS, 503);
            JsonNode readiness = json(get(ObservabilityPaths.READINESS).body());
            assertThat(readiness.path("components").path("db").path("status").asString()).isEqualTo("DOWN");
            assertThat(get(ObservabilityPaths.LIVENESS).statusCode()).as("liveness during the outage").isEqualTo(200);
        } finally {
            server.sql("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true").update();
        }

        awaitStatus(ObservabilityPaths.READINESS, 200);
        assertThat(get(ObservabilityPaths.LIVENESS).statusCode()).isEqualTo(200);
    }

    private void send(String topic, Request request, String traceparent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, request.recordKey(),
                ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request));
        if (traceparent != null) {
            record.headers().add(ContractHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record);
        producer.flush();
    }

    private static boolean answered(UUID requestId) {
        return adminJdbc.sql("SELECT count(*) FROM cryptoassets.processed_request WHERE request_id = :id")
                .param("id", requestId).query(Long.class).single() > 0;
    }

    private static void awaitAnswered(UUID requestId) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> answered(requestId));
    }

    private static String traceparent() {
        String hex = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        return "00-" + hex.substring(0, 32) + "-" + hex.substring(32, 48) + "-01";
    }

    private static void assertTraced(List<TracedEvents.Event> received, String traceparent) {
        assertThat(received).isNotEmpty().allSatisfy(e -> {
            assertThat(e.traceparent()).as("traceparent of %s", e.value()).isNotNull();
            assertThat(Traceparent.traceId(e.traceparent())).isEqualTo(Traceparent.traceId(traceparent));
        });
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.managementPort() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitStatus(String path, int status) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(get(path).statusCode()).as(path).isEqualTo(status));
    }

    private static JsonNode json(String body) {
        return ContractJson.mapper().readTree(body);
    }

    private static Set<String> names(JsonNode object) {
        return new HashSet<>(object.propertyNames());
    }

    /** The sample names on /actuator/prometheus. */
    private Set<String> exposed() throws Exception {
        Set<String> names = new HashSet<>();
        for (String line : get(ObservabilityPaths.PROMETHEUS).body().lines().toList()) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static Set<String> metricsIn(List<String> expressions) {
        Set<String> metrics = new TreeSet<>();
        for (String expression : expressions) {
            Matcher m = METRIC.matcher(expression);
            while (m.find()) {
                metrics.add(m.group());
            }
        }
        return metrics;
    }

    private static List<String> rulesExpressions() {
        Map<String, Object> rules = map(new Yaml().load(DeploymentFiles.read("infra/observability/prometheus-rules.yml")));
        return list(rules.get("groups")).stream()
                .flatMap(group -> list(map(group).get("rules")).stream())
                .map(rule -> (String) map(rule).get("expr"))
                .toList();
    }

    private static List<String> dashboardExpressions() {
        JsonNode dashboard = json(DeploymentFiles.read("infra/observability/grafana-dashboard.json"));
        return dashboard.path("panels").valueStream()
                .flatMap(panel -> panel.path("targets").valueStream())
                .map(target -> target.path("expr").asString())
                .toList();
    }
}
