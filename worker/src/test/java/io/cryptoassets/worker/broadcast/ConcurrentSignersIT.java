package io.cryptoassets.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.SignedTransaction;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Two workers running rounds at once never sign two broadcasts at a time and never send one twice. */
class ConcurrentSignersIT extends DrivenBroadcastTest {

    @Test
    void twoWorkersNeverSignTwoBroadcastsAtOnceNorSendOneTwice() throws Exception {
        String account = RequestTraffic.account("two-signers");
        traffic.fundedAccount(account, 10_000_000);
        WatchedNode node = new WatchedNode(fixture.chain());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        List<UUID> withdrawals = new ArrayList<>();
        try {
            for (int worker = 0; worker < 2; worker++) {
                running.add(workers.submit(() -> {
                    while (!stop.get()) {
                        driven.roundsUntilIdle(node);
                        LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // the scheduler's interval
                    }
                    return null;
                }));
            }
            // In batches while the workers run, so that there are many broadcasts to race for.
            for (int batch = 0; batch < 8; batch++) {
                withdrawals.addAll(withdraw(account, 10_000 + batch, 20_000 + batch, 30_000 + batch));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> allIn(withdrawals, "broadcasted"));
        } finally {
            stop.set(true);
            workers.shutdown();
            assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> worker : running) {
            worker.get(); // a worker's failure fails the test
        }
        assertThat(node.mostSigningAtOnce()).isEqualTo(1);
        assertThat(node.sendsPerTxid()).allSatisfy((txid, sends) -> assertThat(sends).as(txid).isEqualTo(1));
        assertThat(withdrawals.stream().map(fixture::broadcastOf).distinct().count()).isGreaterThan(1);
        assertEachPaidExactlyOnce();
        assertNoOrphanLocks();
        long requestedTotal = requested.values().stream().mapToLong(BigInteger::longValueExact).sum();
        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(10_000_000 - requestedTotal));
    }

    /**
     * Counts what the workers ask of the node: signings in progress at once (each held a moment,
     * so that overlapping ones would overlap here), and sends of each txid.
     */
    private static final class WatchedNode extends ForwardingNode {

        private final AtomicInteger signing = new AtomicInteger();
        private final AtomicInteger mostSigning = new AtomicInteger();
        private final Map<String, Integer> sends = new ConcurrentHashMap<>();

        WatchedNode(NodePort node) {
            super(node);
        }

        @Override
        public SignedTransaction sign(Map<String, BigInteger> outputs) {
            mostSigning.accumulateAndGet(signing.incrementAndGet(), Math::max);
            try {
                LockSupport.parkNanos(Duration.ofMillis(30).toNanos()); // a node takes a moment to sign
                return node.sign(outputs);
            } finally {
                signing.decrementAndGet();
            }
        }

        @Override
        public String sendRaw(String raw) {
            String txid = node.sendRaw(raw);
            sends.merge(txid, 1, Integer::sum);
            return txid;
        }

        int mostSigningAtOnce() {
            return mostSigning.get();
        }

        Map<String, Integer> sendsPerTxid() {
            return Map.copyOf(sends);
        }
    }
}
