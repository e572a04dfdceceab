package io.cryptoassets.worker.testsupport;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.RequestSource;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A client of the worker for tests: produces requests to Kafka and reads what the worker decided.
 * It funds accounts of BTC through the shared simulated chain (the node is where BTC deposits
 * come from), and accounts of {@link #REPORTED_ASSET} with deposits that are credited as reported.
 */
public final class RequestTraffic implements AutoCloseable {

    public static final String ASSET = "BTC";
    /** The test asset without a node: its DepositObserved requests are believed as they come. */
    public static final String REPORTED_ASSET = "XBT";
    /**
     * A test asset without a node whose accounts default to a maximum of {@link #POLICY_MAX} per
     * withdrawal and approvals from {@link #POLICY_THRESHOLD} up (see {@link TestInfrastructure}).
     */
    public static final String POLICY_ASSET = "XPL";
    public static final BigInteger POLICY_MAX = BigInteger.valueOf(1_000_000);
    public static final BigInteger POLICY_THRESHOLD = BigInteger.valueOf(500_000);
    /** A test asset without a node whose accounts together may send {@link #ASSET_WINDOW_AMOUNT} per window. */
    public static final String ASSET_WINDOW_ASSET = "XPW";
    public static final BigInteger ASSET_WINDOW_AMOUNT = BigInteger.valueOf(500_000);
    /** BTC's confirmations-to-credit in {@link TestInfrastructure} (the default). */
    public static final int CREDITING_BLOCKS = 3;

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5),
            new StringSerializer(), new ByteArraySerializer());
    private final JdbcClient jdbc;
    private final String asset;
    private final String schema;
    private final SimulatedChain chain;

    /** BTC traffic that funds no account. */
    public RequestTraffic(JdbcClient jdbc) {
        this(jdbc, ASSET, null);
    }

    /** BTC traffic that funds accounts with payments on {@code chain}. */
    public RequestTraffic(JdbcClient jdbc, SimulatedChain chain) {
        this(jdbc, ASSET, chain);
    }

    private RequestTraffic(JdbcClient jdbc, String asset, SimulatedChain chain) {
        this.jdbc = jdbc;
        this.asset = asset;
        this.schema = asset.toLowerCase(Locale.ROOT);
        this.chain = chain;
    }

    /** Traffic of {@link #REPORTED_ASSET}, whose deposits need no chain. */
    public static RequestTraffic reported(JdbcClient jdbc) {
        return reported(jdbc, REPORTED_ASSET);
    }

    /** Traffic of a test asset without a node ({@link #REPORTED_ASSET} or a policy asset), whose deposits need no chain. */
    public static RequestTraffic reported(JdbcClient jdbc, String asset) {
        return new RequestTraffic(jdbc, asset, null);
    }

    public String asset() {
        return asset;
    }

    public void send(String topic, Integer partition, Request request) {
        send(topic, partition, request.recordKey(),
                ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request));
    }

    public void send(String topic, Integer partition, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    /**
     * Sends and waits for the broker's acknowledgement, which names the record's topic, partition
     * and offset: what the result answering it names as its {@code source}.
     */
    public RequestSource sendAcknowledged(String topic, Integer partition, Request request) {
        byte[] value = ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request);
        try {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, partition, request.recordKey(), value)).get();
            return new RequestSource(sent.topic(), sent.partition(), sent.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not take the record for " + topic, e.getCause());
        }
    }

    public void sendRaw(String topic, String key, String json) {
        send(topic, null, key, json.getBytes(StandardCharsets.UTF_8));
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Opens an account, registers an address to it and, if {@code amount} > 0, credits it with
     * one confirmed deposit; all through the request topics. For BTC the address is one of the
     * chain's wallet and the deposit a payment on the chain, mined to the crediting threshold and
     * reported with its real txid; otherwise a fresh mainnet address and a reported deposit.
     * Returns the address.
     */
    public String fundedAccount(String accountId, long amount) {
        UUID open = UUID.randomUUID();
        UUID register = UUID.randomUUID();
        String address = chain != null ? chain.newAddress(accountId) : newAddress();
        send(Topics.ACCOUNT_REQUESTS, null, new OpenAccount(open, asset, accountId, null));
        send(Topics.ACCOUNT_REQUESTS, null, new CreateAddress(register, asset, accountId, address));
        awaitAnswered(List.of(open, register));
        if (amount > 0) {
            UUID deposit = UUID.randomUUID();
            send(Topics.DEPOSIT_REQUESTS, null, new DepositObserved(deposit, asset, payment(address, amount), 0,
                    address, BigInteger.valueOf(amount), 6, null));
            awaitAnswered(List.of(deposit));
            if (!"ACCEPTED".equals(outcome(deposit))) {
                throw new IllegalStateException("funding " + accountId + " was answered " + outcome(deposit));
            }
        }
        return address;
    }

    /**
     * The txid of a payment of {@code amount} to {@code address} at vout 0: on the chain, mined
     * to the crediting threshold, for BTC; made up for the reported asset.
     */
    public String payment(String address, long amount) {
        if (chain == null) {
            if (ASSET.equals(asset)) {
                throw new IllegalStateException(asset + " deposits come from its node: give this traffic the chain");
            }
            return txid();
        }
        String txid = chain.pay(address, BigInteger.valueOf(amount));
        chain.mine(CREDITING_BLOCKS);
        return txid;
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
        return jdbc.sql("SELECT balance FROM " + schema + ".account WHERE account_id = :id").param("id", accountId)
                .query(java.math.BigDecimal.class).single().toBigIntegerExact();
    }

    public BigInteger entrySum(String accountId) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM " + schema + ".ledger_entry WHERE account_id = :id")
                .param("id", accountId).query(java.math.BigDecimal.class).single().toBigIntegerExact();
    }

    public long entries(String accountId) {
        return jdbc.sql("SELECT count(*) FROM " + schema + ".ledger_entry WHERE account_id = :id").param("id", accountId)
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
