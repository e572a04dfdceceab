package io.cryptoassets.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.worker.testsupport.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Per-account order holds only if a Python (librdkafka) client puts each key on the partition the
 * Java producer would: contracts/examples/python/cryptoassets_producer.py, run with Debian's
 * python3-confluent-kafka against the test broker, must agree with the Java client's default
 * partitioner for every key; with librdkafka's own default it must not (the reason for the setting).
 * Fails, rather than skips, when the package is missing: CI installs it (.ci/run).
 */
class ClientPartitionerIT {

    private static final int PARTITIONS = 6;
    /** Debian's package installs for Debian's interpreter; a python3 earlier on PATH (pyenv, venv) does not see it. */
    private static final String PYTHON = System.getProperty("cryptoassets.test.python", "/usr/bin/python3");
    private static final String TOPIC = "partitioner-check-" + UUID.randomUUID();

    private static Admin admin;

    @BeforeAll
    static void createTopic() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void deleteTopic() throws Exception {
        admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
        admin.close();
    }

    @Test
    void murmur2RandomPutsEveryKeyWhereTheJavaProducerWould() throws Exception {
        Map<String, Integer> python = produceWithPython("murmur2_random");

        assertThat(python).hasSize(accountIds().size());
        python.forEach((key, partition) -> assertThat(partition).as("partition of %s", key).isEqualTo(javaPartition(key)));
    }

    @Test
    void librdkafkasDefaultPartitionerPutsKeysElsewhere() throws Exception {
        Map<String, Integer> python = produceWithPython("consistent_random");

        List<String> elsewhere = python.keySet().stream().filter(key -> python.get(key) != javaPartition(key)).toList();
        assertThat(elsewhere).as("keys that a CRC32-hashing client puts on another partition").isNotEmpty();
    }

    /** What the Java client's default partitioner does with a key: murmur2 of its UTF-8 bytes. */
    private static int javaPartition(String key) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    /** 200 account ids, some outside ASCII, since the hash is of the UTF-8 bytes. */
    private static List<String> accountIds() {
        List<String> ids = new ArrayList<>(IntStream.range(0, 180).mapToObj(i -> "customer-" + i).toList());
        ids.addAll(List.of("Zoë", "müller@bank.example", "客户-7", "顧客:8", "кошелёк-9", "Ελληνικά", "ąčęėįšųūž",
                "naïve café", "🚀wallet", "merchant:🛒", "ﬁnance", "Åsa", "José", "北京-1", "東京-2", "서울-3",
                "עברית", "العربية", "ß-straße", "e\u0301"));
        return ids;
    }

    private static Map<String, Integer> produceWithPython(String partitioner) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("cryptoassets.test.repository-root", ".."),
                "contracts", "examples", "python", "cryptoassets_producer.py");
        Path input = Files.createTempFile("partitioner-keys", ".jsonl");
        Path output = Files.createTempFile("partitioner-partitions", ".jsonl");
        try {
            List<String> lines = new ArrayList<>();
            for (String accountId : accountIds()) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("type", "OpenAccount");
                value.put("schemaVersion", 1);
                value.put("requestId", UUID.randomUUID().toString());
                value.put("asset", "BTC");
                value.put("accountId", accountId);
                lines.add(ContractJson.mapper().writeValueAsString(Map.of("key", accountId, "value", value)));
            }
            Files.write(input, lines, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(PYTHON, script.toString(), TestKafka.get().bootstrapServers(), TOPIC,
                    "--partitioner", partitioner)
                    .redirectInput(input.toFile()).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ended within 60 s").isTrue();
                assertThat(process.exitValue()).as("exit code of %s %s (needs python3-confluent-kafka); output:%n%s",
                        PYTHON, script, Files.readString(output)).isZero();
            } finally {
                process.destroyForcibly();
            }
            Map<String, Integer> partitions = new LinkedHashMap<>();
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                JsonNode delivered = ContractJson.mapper().readTree(line);
                partitions.put(delivered.get("key").asString(), delivered.get("partition").asInt());
            }
            return partitions;
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }
}
