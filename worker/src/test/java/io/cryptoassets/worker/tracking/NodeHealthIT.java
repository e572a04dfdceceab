package io.cryptoassets.worker.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.alert.Severity;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.outbox.OutboxWriter;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.tx.SerializableTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that stops answering for longer than {@code node-unreachable-after} (2 s in tests) is
 * announced once, and its return once, however many workers probe it.
 */
class NodeHealthIT extends ChainIntegrationTest {

    private final ScheduledExecutorService otherWorker = Executors.newSingleThreadScheduledExecutor();
    private Instant start;

    @BeforeEach
    void nodeAnnouncedUp() {
        // An outage left by an earlier test ends at the first answer; start from there.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "up".equals(state()));
        start = Instant.now();
    }

    @AfterEach
    void stopOtherWorker() throws InterruptedException {
        otherWorker.shutdownNow();
        otherWorker.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aStoppedNodeIsAnnouncedOnceAndItsReturnOnce() {
        // A second worker probing the same node, as another process would, every 100 ms.
        probeEvery100Ms(watchOfAnotherWorker(), fixture.chain());
        MeterRegistry meters = context.getBean(MeterRegistry.class);

        fixture.chain().faults().down(true);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !alerts(AlertKind.NODE_UNREACHABLE).isEmpty());
        assertThat(meters.get("cryptoassets.node.up").tag("asset", "BTC").gauge().value()).isZero();
        // Both workers keep failing for several more thresholds: still one alert.
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> alerts(AlertKind.NODE_UNREACHABLE).size() == 1);

        fixture.chain().faults().down(false);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !alerts(AlertKind.NODE_RECOVERED).isEmpty());
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> alerts(AlertKind.NODE_RECOVERED).size() == 1
                        && alerts(AlertKind.NODE_UNREACHABLE).size() == 1);
        assertThat(meters.get("cryptoassets.node.up").tag("asset", "BTC").gauge().value()).isEqualTo(1.0);

        Alert down = alerts(AlertKind.NODE_UNREACHABLE).get(0);
        Alert back = alerts(AlertKind.NODE_RECOVERED).get(0);
        assertThat(down.severity()).isEqualTo(Severity.WARNING);
        assertThat(down.details().get("error")).contains("down");
        Instant since = Instant.parse(down.details().get("since"));
        assertThat(Duration.between(since, down.occurredAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(back.severity()).isEqualTo(Severity.INFO);
        assertThat(back.details()).containsEntry("since", down.details().get("since"));
        assertThat(back.occurredAt()).isAfter(down.occurredAt());
    }

    @Test
    void aWorkerCutOffAloneFromANodeTheOthersReachAnnouncesNothing() {
        try (SimulatedChain unreachable = new SimulatedChain(BitcoinNetwork.REGTEST, BigInteger.ZERO, BigInteger.ZERO)) {
            unreachable.faults().down(true);
            probeEvery100Ms(watchOfAnotherWorker(), unreachable);

            Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(15))
                    .until(() -> alerts(AlertKind.NODE_UNREACHABLE).isEmpty() && "up".equals(state()));
        }
    }

    private NodeHealthWatch watchOfAnotherWorker() {
        return new NodeHealthWatch(jdbc, context.getBean(SerializableTransactions.class),
                context.getBean(OutboxWriter.class), context.getBean(ChainProperties.class), new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    private void probeEvery100Ms(NodeHealthWatch watch, NodePort node) {
        AssetProperties btc = context.getBean(LedgerProperties.class).assets().stream()
                .filter(a -> a.code().equals(RequestTraffic.ASSET)).findFirst().orElseThrow();
        otherWorker.scheduleWithFixedDelay(() -> watch.probe(btc, node), 0, 100, TimeUnit.MILLISECONDS);
    }

    private List<Alert> alerts(AlertKind kind) {
        return events.alerts().stream().filter(a -> a.kind() == kind && !a.occurredAt().isBefore(start)).toList();
    }

    private String state() {
        return jdbc.sql("SELECT state FROM btc.node_health").query(String.class).single();
    }
}
