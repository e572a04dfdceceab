package io.cryptoassets.worker.health;

import static io.cryptoassets.worker.health.DeploymentFiles.at;
import static io.cryptoassets.worker.health.DeploymentFiles.kind;
import static io.cryptoassets.worker.health.DeploymentFiles.list;
import static io.cryptoassets.worker.health.DeploymentFiles.map;
import static io.cryptoassets.worker.health.DeploymentFiles.read;
import static io.cryptoassets.worker.health.DeploymentFiles.workerContainer;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.NodeProperties;
import io.cryptoassets.worker.kafka.TopicProperties;
import io.cryptoassets.worker.outbox.RelayProperties;
import io.cryptoassets.worker.schema.DatabaseRoleProperties;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The deployment files say what the worker does: the management port and probe paths of the
 * Kubernetes Deployment, docker-compose and the image are the application's; KEDA watches the
 * listener's group and topics and stops at their partition count; the grace periods outlast the
 * drain; the ConfigMap's configuration binds; compose runs the local broker's Kafka version.
 * That the paths answer on a running worker is {@link ObservabilityIT}'s part.
 */
class DeploymentFilesTest {

    private static final String DEPLOYMENT = "infra/kubernetes/deployment.yaml";
    private static final String SCALED_OBJECT = "infra/kubernetes/keda-scaledobject.yaml";
    private static final String COMPOSE = "infra/docker-compose.yml";

    @Test
    void everyFileUsesTheApplicationsManagementPort() throws IOException {
        int port = applicationDefaults().getProperty("management.server.port", Integer.class);
        assertThat(port).isEqualTo(8081);

        Map<String, Object> management = list(workerContainer().get("ports")).stream().map(DeploymentFiles::map)
                .filter(p -> "management".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(management.get("containerPort")).isEqualTo(port);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(at(workerContainer(), probe, "httpGet", "port")).as(probe).isEqualTo("management");
        }
        Map<String, Object> annotations = map(at(kind(DEPLOYMENT, "Deployment"), "spec", "template", "metadata", "annotations"));
        assertThat(annotations).containsEntry("prometheus.io/port", Integer.toString(port));

        Map<String, Object> worker = map(at(DeploymentFiles.yamlDocuments(COMPOSE).get(0), "services", "worker"));
        assertThat(list(worker.get("ports"))).containsExactly("127.0.0.1:" + port + ":" + port);
        assertThat(String.join(" ", list(at(worker, "healthcheck", "test")).stream().map(Object::toString).toList()))
                .contains("/dev/tcp/127.0.0.1/" + port);
        assertThat(read("infra/docker/worker.Dockerfile")).containsPattern("(?m)^EXPOSE " + port + "$");
    }

    @Test
    void probesUseTheHealthGroupsTheApplicationExposes() throws IOException {
        StandardEnvironment defaults = applicationDefaults();
        assertThat(defaults.getProperty("management.endpoint.health.probes.enabled", Boolean.class)).isTrue();
        assertThat(defaults.getProperty("management.endpoints.web.exposure.include")).contains("health")
                .contains("prometheus").contains("info");
        assertThat(defaults.getProperty("management.endpoint.health.group.liveness.include")).isEqualTo("livenessState");

        assertThat(at(workerContainer(), "startupProbe", "httpGet", "path")).isEqualTo(ObservabilityPaths.LIVENESS);
        assertThat(at(workerContainer(), "livenessProbe", "httpGet", "path")).isEqualTo(ObservabilityPaths.LIVENESS);
        assertThat(at(workerContainer(), "readinessProbe", "httpGet", "path")).isEqualTo(ObservabilityPaths.READINESS);
        assertThat(at(kind(DEPLOYMENT, "Deployment"), "spec", "template", "metadata", "annotations", "prometheus.io/path"))
                .isEqualTo(ObservabilityPaths.PROMETHEUS);
        assertThat(read(COMPOSE)).contains("GET " + ObservabilityPaths.READINESS + " ");
    }

    @Test
    void kedaScalesTheListenersGroupOnItsTopicsUpToTheirPartitions() throws Exception {
        KafkaListener listener = requestListener();
        StandardEnvironment empty = new StandardEnvironment();
        String group = empty.resolvePlaceholders(listener.groupId());
        Map<String, Integer> partitions = topicsFile();

        Map<String, Object> scaledObject = kind(SCALED_OBJECT, "ScaledObject");
        List<Map<String, Object>> triggers = list(at(scaledObject, "spec", "triggers")).stream()
                .map(DeploymentFiles::map).toList();
        assertThat(triggers).allSatisfy(trigger -> {
            assertThat(trigger.get("type")).isEqualTo("kafka");
            assertThat(at(trigger, "metadata", "consumerGroup")).isEqualTo(group);
            assertThat(at(trigger, "metadata", "allowIdleConsumers")).isEqualTo("false");
        });
        assertThat(triggers.stream().map(t -> at(t, "metadata", "topic"))).containsExactlyInAnyOrder(
                (Object[]) listener.topics());
        // Each worker consumes every request topic; a worker beyond a topic's partitions gets none of it.
        int fewest = Arrays.stream(listener.topics()).mapToInt(partitions::get).min().orElseThrow();
        assertThat(at(scaledObject, "spec", "maxReplicaCount")).isEqualTo(fewest);
        assertThat(fewest).isEqualTo(Binder.get(new StandardEnvironment())
                .bindOrCreate("cryptoassets.topics", TopicProperties.class).partitions());
        assertThat(at(scaledObject, "spec", "scaleTargetRef", "name"))
                .isEqualTo(at(kind(DEPLOYMENT, "Deployment"), "metadata", "name"));
    }

    @Test
    void gracePeriodsOutlastTheDrain() {
        RelayProperties relay = Binder.get(new StandardEnvironment()).bindOrCreate("cryptoassets.relay", RelayProperties.class);
        // On SIGTERM: the listener container waits up to its shutdown timeout (Spring Kafka's
        // default, 10 s) for the running batch, the relay's last round up to send-timeout plus
        // 10 s (OutboxRelay.stop), and the management server up to one shutdown phase (30 s).
        Duration drain = Duration.ofSeconds(10).plus(relay.sendTimeout()).plusSeconds(10).plusSeconds(30);

        int kubernetes = (Integer) at(kind(DEPLOYMENT, "Deployment"), "spec", "template", "spec",
                "terminationGracePeriodSeconds");
        assertThat(Duration.ofSeconds(kubernetes)).isGreaterThan(drain);
        String compose = (String) at(DeploymentFiles.yamlDocuments(COMPOSE).get(0), "services", "worker",
                "stop_grace_period");
        assertThat(Duration.parse("PT" + compose.toUpperCase())).isGreaterThan(drain);
    }

    @Test
    void workersDoNotMigrateAndTheJobDoesAsTheOwner() {
        Map<String, Object> env = env(workerContainer());
        assertThat(env).containsEntry("CRYPTOASSETS_DATABASE_MIGRATE_ON_START", "false");
        assertThat(secretOf(env, "SPRING_DATASOURCE_USERNAME")).isEqualTo("cryptoassets-db-runtime");

        Map<String, Object> job = kind("infra/kubernetes/migration-job.yaml", "Job");
        Map<String, Object> container = map(at(job, "spec", "template", "spec", "containers", 0));
        assertThat(list(container.get("args"))).containsExactly("migrate");
        assertThat(container.get("image")).isEqualTo(workerContainer().get("image"));
        Map<String, Object> jobEnv = env(container);
        assertThat(secretOf(jobEnv, "SPRING_DATASOURCE_USERNAME")).isEqualTo("cryptoassets-db-owner");
        assertThat(secretOf(jobEnv, "CRYPTOASSETS_DATABASE_RUNTIME_ROLE")).isEqualTo("cryptoassets-db-runtime");
    }

    @Test
    void theConfigMapsConfigurationBinds() throws IOException {
        String yaml = (String) at(kind("infra/kubernetes/configmap.yaml", "ConfigMap"), "data", "application.yml");
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("secrets", Map.of(
                "KAFKA_USERNAME", "u", "KAFKA_PASSWORD", "p", "KAFKA_TRUSTSTORE_PASSWORD", "t", "BTC_NODE_PASSWORD", "n")));
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("configmap", new ByteArrayResource(yaml.getBytes()))) {
            environment.getPropertySources().addLast(source);
        }
        Binder binder = Binder.get(environment);

        LedgerProperties ledger = binder.bindOrCreate("cryptoassets", LedgerProperties.class);
        AssetProperties btc = ledger.asset("BTC").orElseThrow();
        assertThat(btc.node().type()).isEqualTo(NodeProperties.Type.BITCOIND);
        assertThat(btc.node().bitcoind().password()).isEqualTo("n");
        TopicProperties topics = binder.bindOrCreate("cryptoassets.topics", TopicProperties.class);
        assertThat(topics.replicationFactor()).isEqualTo(3);
        assertThat(topics.minInsyncReplicas()).isEqualTo(2);
        assertThat(binder.bindOrCreate("cryptoassets.database", DatabaseRoleProperties.class).migrateOnStart()).isTrue();
        assertThat(environment.getProperty("management.server.port", Integer.class))
                .isEqualTo(applicationDefaults().getProperty("management.server.port", Integer.class));
        assertThat(environment.getProperty("spring.kafka.properties.sasl.jaas.config"))
                .contains("username=\"u\"").contains("password=\"p\"");
        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void composeRunsTheLocalBrokersKafkaVersion() {
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                .matcher(read("infra/local/kafka-broker/pom.xml"));
        assertThat(version.find()).isTrue();
        Map<String, Object> services = map(at(DeploymentFiles.yamlDocuments(COMPOSE).get(0), "services"));
        for (String service : List.of("kafka", "kafka-topics")) {
            assertThat(at(services, service, "image")).as(service)
                    .isEqualTo("${KAFKA_IMAGE:-apache/kafka:" + version.group(1) + "}");
        }
        assertThat(list(at(services, "kafka-topics", "volumes"))).contains("./topics.txt:/topics.txt:ro");
    }

    /** The worker's own application.yml, as packaged. */
    static StandardEnvironment applicationDefaults() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application",
                new ClassPathResource("application.yml"))) {
            environment.getPropertySources().addLast(source);
        }
        return environment;
    }

    private static KafkaListener requestListener() throws ReflectiveOperationException {
        // The listener is the request package's own; its annotation is what the group and topics are.
        Class<?> type = Class.forName("io.cryptoassets.worker.request.RequestListener");
        Method onBatch = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(KafkaListener.class))
                .findFirst().orElseThrow();
        return onBatch.getAnnotation(KafkaListener.class);
    }

    private static Map<String, Integer> topicsFile() {
        Map<String, Integer> topics = new HashMap<>();
        for (String line : read("infra/topics.txt").lines().toList()) {
            String content = line.replaceFirst("#.*", "").trim();
            if (!content.isEmpty()) {
                String[] fields = content.split("\\s+");
                topics.put(fields[0], Integer.parseInt(fields[1]));
            }
        }
        return topics;
    }

    /** name to value (a literal) or to the secretKeyRef (a map). */
    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new HashMap<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> variable = map(entry);
            env.put((String) variable.get("name"), variable.containsKey("value") ? variable.get("value")
                    : at(variable, "valueFrom", "secretKeyRef"));
        }
        return env;
    }

    private static Object secretOf(Map<String, Object> env, String name) {
        return map(env.get(name)).get("name");
    }
}
