package io.cryptoassets.worker.testsupport;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A client of the worker for tests: produces requests to Kafka and reads what the worker decided. */
public final class RequestTraffic implements AutoCloseable {

    public static final String ASSET = "BTC";

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5),
            new StringSerializer(), new ByteArraySerializer());
    private final JdbcClient jdbc;

    public RequestTraffic(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void send(String topic, Integer partition, Request request) {
        send(topic, partition, request.recordKey(),
                ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request));
    }

    public void send(String topic, Integer partition, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    public void sendRaw(String topic, String key, String json) {
        send(topic, null, key, json.getBytes(StandardCharsets.UTF_8));
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Opens an account, registers a fresh mainnet address to it and, if {@code amount} > 0,
     * credits it with one confirmed deposit; all through the request topics. Returns the address.
     */
    public String fundedAccount(String accountId, long amount) {
        UUID open = UUID.randomUUID();
        UUID register = UUID.randomUUID();
        String address = newAddress();
        send(Topics.ACCOUNT_REQUESTS, null, new OpenAccount(open, ASSET, accountId, null));
        send(Topics.ACCOUNT_REQUESTS, null, new CreateAddress(register, ASSET, accountId, address));
        awaitAnswered(List.of(open, register));
        if (amount > 0) {
            UUID deposit = UUID.randomUUID();
            send(Topics.DEPOSIT_REQUESTS, null, new DepositObserved(deposit, ASSET, txid(), 0, address,
                    BigInteger.valueOf(amount), 6, null));
            awaitAnswered(List.of(deposit));
        }
        return address;
    }

    /** A valid, random mainnet P2WPKH address. */
    public static String newAddress() {
        byte[] hash = new byte[20];
        new SecureRandom().nextBytes(hash);
        return SegwitAddress.fromHash(BitcoinNetwork.MAINNET, hash).toString();
    }

    public void awaitAnswered(Collection<UUID> requestIds) {
        flush();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> answered(requestIds) == requestIds.size());
    }

    public long answered(Collection<UUID> requestIds) {
        return jdbc.sql("SELECT count(*) FROM cryptoassets.processed_request WHERE request_id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", requestIds.stream().map(UUID::toString).toArray(String[]::new))
                .query(Long.class).single();
    }

    /** The stored result's status and reason, e.g. {@code ACCEPTED} or {@code REJECTED:INSUFFICIENT_BALANCE}. */
    public String outcome(UUID requestId) {
        return jdbc.sql("""
                        SELECT result->>'status' || coalesce(':' || (result->>'reason'), '')
                        FROM cryptoassets.processed_request WHERE request_id = :id
                        """)
                .param("id", requestId).query(String.class).single();
    }

    public BigInteger balance(String accountId) {
        return jdbc.sql("SELECT balance FROM btc.account WHERE account_id = :id").param("id", accountId)
                .query(java.math.BigDecimal.class).single().toBigIntegerExact();
    }

    public BigInteger entrySum(String accountId) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM btc.ledger_entry WHERE account_id = :id")
                .param("id", accountId).query(java.math.BigDecimal.class).single().toBigIntegerExact();
    }

    public long entries(String accountId) {
        return jdbc.sql("SELECT count(*) FROM btc.ledger_entry WHERE account_id = :id").param("id", accountId)
                .query(Long.class).single();
    }

    public static String txid() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    public static String account(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
