package io.cryptoassets.worker.chaos;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;

/**
 * The client: produces a paced mix of requests the way applications would, reacting to results
 * (an account is used once its opening was accepted, an address once it was assigned). Opens,
 * node and client-derived addresses, payments on the chain to node addresses reported again and
 * again with claimed confirmations in shuffled order (the workers believe the node, not the
 * report), transfers, withdrawals out of the ledger and to its own addresses, bursts of debits
 * racing on a few hot accounts, client retries of requests already sent, and payments to node
 * addresses that only the chain knows about (found by the workers' scans).
 */
final class Workload implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Workload.class);

    static final String ASSET = "BTC";
    static final int CONFIRMATIONS_TO_CREDIT = 3;
    /** Larger than a request can be, smaller than the broker's and the client's record limit (1 MB). */
    private static final int OVERSIZE_BYTES = 600 * 1024;

    /** A payment to one of our node addresses made on the chain, reported or not: credited once either way. */
    record ChainPayment(String txid, String address, String accountId, BigInteger amount) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final SimulatedChain chain;
    private final KillSettings settings;
    private final Random random;

    // What the client has learnt from accepted results.
    private final List<String> accounts = new CopyOnWriteArrayList<>();
    private final List<String> addressed = new CopyOnWriteArrayList<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final Map<String, List<String>> nodeAddresses = new ConcurrentHashMap<>();
    private final BlockingQueue<Supplier<List<Request>>> reactions = new LinkedBlockingQueue<>();

    // What the client has sent.
    private final Map<UUID, Request> sent = new ConcurrentHashMap<>();
    private final List<Request> sentInOrder = Collections.synchronizedList(new ArrayList<>());
    private final List<ChainPayment> chainPayments = new CopyOnWriteArrayList<>();
    private final Queue<Request> failedSends = new ConcurrentLinkedQueue<>();
    private int opensRequested;
    private int resends;

    Workload(String bootstrapServers, SimulatedChain chain, KillSettings settings) {
        this.chain = chain;
        this.settings = settings;
        this.random = new Random(settings.seed());
        // Idempotent and patient: records wait in the buffer while the broker restarts. A batch
        // gives up after a minute and is sent again with the same requestId: after the broker's
        // restart the idempotent producer once held a batch whose acknowledgement was lost until
        // its delivery timeout (then 300 s) ran out, which made a CI run take four minutes longer.
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Produces {@code settings.requests()} new requests, paced over {@code settings.production()}. */
    void produce() throws InterruptedException {
        long interval = settings.production().toNanos() / settings.requests();
        long start = System.nanoTime();
        int produced = 0;
        while (produced < settings.requests()) {
            resendFailed();
            long due = start + produced * interval;
            LockSupport.parkNanos(due - System.nanoTime()); // pacing, not waiting for a result
            Supplier<List<Request>> reaction = reactions.poll();
            List<Request> next = reaction != null ? reaction.get() : choose();
            if (next == null) {
                // Nothing can be asked yet (no account is open): wait for the next result to react to.
                reaction = reactions.poll(100, TimeUnit.MILLISECONDS);
                next = reaction == null ? List.of() : reaction.get();
            }
            for (Request request : next) {
                send(request);
                produced++;
            }
        }
        producer.flush();
        while (!failedSends.isEmpty()) {
            resendFailed();
            producer.flush();
        }
    }

    /** Learns from the first result of each request; called on the observing thread. */
    void onResult(RequestResult result) {
        Request request = sent.get(result.requestId());
        if (request == null || result.status() != RequestStatus.ACCEPTED) {
            return;
        }
        if (request instanceof OpenAccount open) {
            accounts.add(open.accountId());
            reactions.add(() -> List.of(createAddress(open.accountId(), false), createAddress(open.accountId(), true)));
        } else if (request instanceof CreateAddress create) {
            String account = create.accountId();
            boolean first = owners.putIfAbsent(result.address(), account) == null && !addressed.contains(account);
            if (first) {
                addressed.add(account);
            }
            if (create.address() == null) {
                List<String> ofAccount = nodeAddresses.computeIfAbsent(account, a -> new CopyOnWriteArrayList<>());
                ofAccount.add(result.address());
                if (ofAccount.size() == 1) {
                    // Funded through the chain: only the node's wallet addresses can be paid and believed.
                    long funding = isHot(account) ? 50_000_000 : 3_000_000;
                    reactions.add(() -> observations(account, result.address(), BigInteger.valueOf(funding),
                            3 + random.nextInt(3)));
                }
            }
        }
    }

    /**
     * Records of the shapes that once stopped a worker's partitions: the same {@code OpenAccount}
     * twice without a record key, a 600 KB record of an unknown type, and a record that is not
     * JSON. (A balance past NUMERIC(78,0) needs a deposit no Bitcoin output can carry, so on this
     * node-backed asset it is tested with reported deposits instead: RequestFaultsIT.) Each request among them
     * must get its one result and every later request on the same partitions its own.
     */
    void poison() {
        OpenAccount unkeyed = new OpenAccount(UUID.randomUUID(), ASSET, "poison-unkeyed", null);
        sent.put(unkeyed.idempotencyKey(), unkeyed);
        for (int i = 0; i < 2; i++) {
            producer.send(new ProducerRecord<>(Topics.ACCOUNT_REQUESTS, null, json(unkeyed)), this::logFailure);
        }
        byte[] oversize = ("{\"type\":\"" + "X".repeat(OVERSIZE_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.ACCOUNT_REQUESTS, "poison-oversize", oversize), this::logFailure);
        producer.send(new ProducerRecord<>(Topics.DEPOSIT_REQUESTS, "poison-not-json",
                "this is not JSON".getBytes(StandardCharsets.UTF_8)), this::logFailure);
    }

    Map<UUID, Request> sent() {
        return sent;
    }

    List<ChainPayment> chainPayments() {
        return List.copyOf(chainPayments);
    }

    /** The owner of each address as the client learnt it from accepted {@code CreateAddress} results. */
    Map<String, String> owners() {
        return Map.copyOf(owners);
    }

    int resends() {
        return resends;
    }

    @Override
    public void close() {
        producer.close();
    }

    /** One step of the mix; null when nothing can be asked before more results come in. */
    private List<Request> choose() {
        if (opensRequested < settings.accounts() && (accounts.size() < 4 || random.nextInt(100) < 10)) {
            return List.of(open());
        }
        if (addressed.size() < 2) {
            return opensRequested < settings.accounts() ? List.of(open()) : null;
        }
        int p = random.nextInt(100);
        if (p < 30) {
            return List.of(withdrawal(debitedAccount(), chain.anyAddress(), amount(10_000, 600_000)));
        } else if (p < 38) {
            String from = debitedAccount();
            String to = ourAddressNotOf(from);
            return to == null ? null : List.of(withdrawal(from, to, amount(10_000, 600_000)));
        } else if (p < 62) {
            String from = debitedAccount();
            return List.of(new Transfer(UUID.randomUUID(), ASSET, from, creditedAccount(from), amount(10_000, 600_000), null));
        } else if (p < 76) {
            String account = creditedAccount(null);
            List<String> payable = nodeAddresses.getOrDefault(account, List.of());
            return payable.isEmpty() ? List.of()
                    : observations(account, any(payable), amount(100_000, 3_000_000), 1 + random.nextInt(5));
        } else if (p < 80) {
            return hotBurst();
        } else if (p < 84) {
            return List.of(createAddress(any(accounts), random.nextBoolean()));
        } else if (p < 88) {
            payOnChain();
            return List.of();
        } else if (p < 94) {
            resendEarlier();
            return List.of();
        }
        return List.of(withdrawal(debitedAccount(), chain.anyAddress(), amount(10_000, 600_000)));
    }

    private OpenAccount open() {
        opensRequested++;
        String account = opensRequested <= settings.hotAccounts() ? "hot-" + opensRequested : "acct-" + opensRequested;
        return new OpenAccount(UUID.randomUUID(), ASSET, account, null);
    }

    private CreateAddress createAddress(String account, boolean clientDerived) {
        return new CreateAddress(UUID.randomUUID(), ASSET, account, clientDerived ? clientAddress() : null);
    }

    private WithdrawalRequested withdrawal(String from, String to, BigInteger amount) {
        return new WithdrawalRequested(UUID.randomUUID(), ASSET, from, to, amount, null, false);
    }

    /**
     * One payment on the chain to a node address of {@code account}, reported {@code highest}
     * times with claimed confirmations 1..highest in shuffled order (sometimes one of them twice),
     * as several chain watchers racing would report it. The workers record what the node says,
     * and credit it once the chain has {@link #CONFIRMATIONS_TO_CREDIT}, whatever the reports.
     */
    private List<Request> observations(String account, String address, BigInteger amount, int highest) {
        String txid = chain.pay(address, amount);
        chainPayments.add(new ChainPayment(txid, address, account, amount));
        int vout = 0; // SimulatedChain.pay makes a transaction of that one output
        List<Integer> confirmations = new ArrayList<>();
        for (int c = 1; c <= highest; c++) {
            confirmations.add(c);
        }
        if (random.nextInt(4) == 0) {
            confirmations.add(1 + random.nextInt(highest));
        }
        Collections.shuffle(confirmations, random);
        List<Request> reports = new ArrayList<>();
        for (int c : confirmations) {
            reports.add(new DepositObserved(UUID.randomUUID(), ASSET, txid, vout, address, amount, c, null));
        }
        return reports;
    }

    /** Several debits of one hot account at once, together more than it is likely to hold. */
    private List<Request> hotBurst() {
        List<String> hot = accounts.stream().filter(Workload::isHot).filter(addressed::contains).toList();
        if (hot.isEmpty()) {
            return null;
        }
        String from = any(hot);
        List<Request> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BigInteger amount = amount(500_000, 3_000_000);
            burst.add(random.nextBoolean() ? withdrawal(from, chain.anyAddress(), amount)
                    : new Transfer(UUID.randomUUID(), ASSET, from, otherAccount(from), amount, null));
        }
        return burst;
    }

    private void payOnChain() {
        List<String> withNodeAddress = List.copyOf(nodeAddresses.keySet());
        if (withNodeAddress.isEmpty()) {
            return;
        }
        String account = any(withNodeAddress);
        String address = any(nodeAddresses.get(account));
        BigInteger amount = amount(50_000, 1_000_000);
        chainPayments.add(new ChainPayment(chain.pay(address, amount), address, account, amount));
    }

    /** A client that timed out and sends the same request again, same requestId and content. */
    private void resendEarlier() {
        Request earlier;
        synchronized (sentInOrder) {
            if (sentInOrder.isEmpty()) {
                return;
            }
            earlier = sentInOrder.get(random.nextInt(sentInOrder.size()));
        }
        resends++;
        publish(earlier);
    }

    private void send(Request request) {
        sent.put(request.idempotencyKey(), request);
        sentInOrder.add(request);
        publish(request);
    }

    private static byte[] json(Request request) {
        return ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request);
    }

    private void logFailure(RecordMetadata metadata, Exception failure) {
        if (failure != null) {
            log.warn("client: a poison record could not be sent: {}", failure.toString());
        }
    }

    private void publish(Request request) {
        byte[] value = json(request);
        producer.send(new ProducerRecord<>(topicOf(request), request.recordKey(), value), (metadata, failure) -> {
            if (failure != null) {
                log.info("client: sending {} failed ({}); it is sent again", request.idempotencyKey(), failure.toString());
                failedSends.add(request); // sent again, same requestId: the worker answers it once
            }
        });
    }

    private void resendFailed() {
        Request request;
        while ((request = failedSends.poll()) != null) {
            publish(request);
        }
    }

    private static String topicOf(Request request) {
        if (request instanceof WithdrawalRequested) {
            return Topics.WITHDRAWAL_REQUESTS;
        }
        return request instanceof DepositObserved ? Topics.DEPOSIT_REQUESTS : Topics.ACCOUNT_REQUESTS;
    }

    /** The account to debit: mostly a hot one, so that debits race on the same balance. */
    private String debitedAccount() {
        List<String> hot = addressed.stream().filter(Workload::isHot).toList();
        return !hot.isEmpty() && random.nextInt(100) < 60 ? any(hot) : any(addressed);
    }

    /**
     * The account to credit: a third of the time a hot one, so that the hot accounts keep
     * hovering around what they are asked to pay, where racing debits must be refused exactly.
     */
    private String creditedAccount(String notThis) {
        List<String> hot = addressed.stream().filter(Workload::isHot).filter(a -> !a.equals(notThis)).toList();
        if (!hot.isEmpty() && random.nextInt(3) == 0) {
            return any(hot);
        }
        return notThis == null ? any(addressed) : otherAccount(notThis);
    }

    private String otherAccount(String than) {
        String other;
        do {
            other = any(accounts);
        } while (other.equals(than));
        return other;
    }

    private String ourAddressNotOf(String account) {
        List<String> candidates = owners.entrySet().stream()
                .filter(e -> !e.getValue().equals(account))
                .map(Map.Entry::getKey).toList();
        return candidates.isEmpty() ? null : any(candidates);
    }

    private static boolean isHot(String account) {
        return account.startsWith("hot-");
    }

    private <T> T any(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private BigInteger amount(long min, long max) {
        return BigInteger.valueOf(min + (long) (random.nextDouble() * (max - min)));
    }

    private String clientAddress() {
        byte[] hash = new byte[20];
        random.nextBytes(hash);
        return SegwitAddress.fromHash(BitcoinNetwork.REGTEST, hash).toString();
    }
}
