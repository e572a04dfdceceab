package io.cryptoassets.worker.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * An in-JVM single-node KRaft broker whose only client listener is SASL_SSL with SCRAM-SHA-512,
 * as a locked-down production cluster would offer: a self-signed certificate made with the JDK's
 * {@code keytool} for this broker alone, SCRAM users written into the cluster's metadata when its
 * storage is formatted (as {@code kafka-storage format --add-scram} does), and the standard
 * authorizer denying whatever no ACL allows. Its own principal, {@code User:broker}, is the only
 * super user ({@link #superUserProperties()}), for setting ACLs. The controller listener stays
 * PLAINTEXT on loopback: only the broker itself talks to it.
 */
public final class SecuredBroker implements AutoCloseable {

    private static final String STORE_PASSWORD = "test-store-secret";
    private static final String BROKER_USER = "broker";
    private static final String BROKER_PASSWORD = "broker-secret";

    private final Path directory;
    private final Path truststore;
    private final int port;
    private final KafkaRaftServer server;

    /** @param users SCRAM-SHA-512 user name to password, besides the broker's own */
    public SecuredBroker(Map<String, String> users) throws Exception {
        directory = Files.createTempDirectory("secured-broker");
        Path keystore = directory.resolve("broker.p12");
        truststore = directory.resolve("truststore.p12");
        makeCertificate(keystore, truststore);
        port = freePort();
        int controllerPort = freePort();
        String logs = directory.resolve("data").toString();

        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        config.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "SASL_SSL");
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        config.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(BROKER_USER, BROKER_PASSWORD));
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", keystore.toString());
        config.put("ssl.keystore.password", STORE_PASSWORD);
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", truststore.toString());
        config.put("ssl.truststore.password", STORE_PASSWORD);
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // The controller listener is PLAINTEXT, where the broker registers as ANONYMOUS; it listens
        // on loopback only, and ANONYMOUS cannot reach the SASL_SSL listener, which clients use.
        config.put("super.users", "User:" + BROKER_USER + ";User:ANONYMOUS");
        config.put("log.dirs", logs);
        config.put("num.partitions", String.valueOf(TestKafka.PARTITIONS));
        config.put("auto.create.topics.enable", "true");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "3");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        KafkaConfig kafkaConfig = new KafkaConfig(config);

        List<String> scram = new ArrayList<>();
        scram.add(scramUser(BROKER_USER, BROKER_PASSWORD));
        users.forEach((user, password) -> scram.add(scramUser(user, password)));
        new Formatter()
                // It would print the bootstrap records, SCRAM salts and keys included.
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(org.apache.kafka.common.Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logs)
                .setDirectories(List.of(logs))
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setScramArguments(scram)
                .run();
        server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        server.startup();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path truststore() {
        return truststore;
    }

    public String truststorePassword() {
        return STORE_PASSWORD;
    }

    /** The client settings of a SCRAM-SHA-512 user over TLS, as {@code spring.kafka.*}-free Kafka properties. */
    public Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> properties = new LinkedHashMap<>(tlsOnly());
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "SCRAM-SHA-512");
        properties.put("sasl.jaas.config", jaas(user, password));
        return properties;
    }

    /** The broker's own principal, the only super user: may set ACLs. */
    public Map<String, Object> superUserProperties() {
        return clientProperties(BROKER_USER, BROKER_PASSWORD);
    }

    /** TLS to the right listener but no SASL credentials at all. */
    public Map<String, Object> tlsOnly() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("security.protocol", "SSL");
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", truststore.toString());
        properties.put("ssl.truststore.password", STORE_PASSWORD);
        return properties;
    }

    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
        server.awaitShutdown();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String scramUser(String user, String password) {
        return "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]";
    }

    /** A key pair and self-signed certificate for 127.0.0.1, and a truststore holding only that certificate. */
    private static void makeCertificate(Path keystore, Path truststore) throws IOException, InterruptedException {
        Path certificate = keystore.resolveSibling("broker.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD,
                "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
