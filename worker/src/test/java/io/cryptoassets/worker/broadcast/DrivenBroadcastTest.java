package io.cryptoassets.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the broadcaster that drives {@link DrivenWorker}'s rounds itself, and holds what the
 * chain paid against what was requested, kept apart from anything the worker records.
 */
abstract class DrivenBroadcastTest extends ChainIntegrationTest {

    protected DrivenWorker driven;
    protected Instant startedAt;
    /** What this test asked to pay: one fresh address per withdrawal, so a payment names its withdrawal. */
    protected final Map<String, BigInteger> requested = new LinkedHashMap<>();

    @BeforeEach
    void takeOverTheChainSide() {
        fixture.awaitIdle();
        driven = DrivenWorker.get();
        driven.takeOver(context);
        startedAt = Instant.now();
    }

    @AfterEach
    void handBackTheChainSide() {
        driven.handBack(context);
    }

    @AfterAll
    static void closeTheDrivenWorker() {
        DrivenWorker.closeIfStarted();
    }

    /** A withdrawal request per amount, from {@code account} to a fresh address each, all answered; their ids. */
    protected List<UUID> withdraw(String account, long... amounts) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            addresses.add(fixture.chain().anyAddress());
        }
        return withdrawTo(account, addresses, amounts);
    }

    protected List<UUID> withdrawTo(String account, List<String> addresses, long... amounts) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            requested.merge(addresses.get(i), BigInteger.valueOf(amounts[i]), BigInteger::add);
            traffic.send(Topics.WITHDRAWAL_REQUESTS, null, new WithdrawalRequested(id, RequestTraffic.ASSET, account,
                    addresses.get(i), BigInteger.valueOf(amounts[i]), null, false));
        }
        traffic.awaitAnswered(ids);
        ids.forEach(id -> assertThat(traffic.outcome(id)).as("withdrawal %s", id).isEqualTo("ACCEPTED"));
        return ids;
    }

    /** Rounds of the driven worker until {@code done}; later rounds come as the scheduler's would. */
    protected void roundsUntil(NodePort node, BooleanSupplier done) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            driven.roundsUntilIdle(node);
            return done.getAsBoolean();
        });
    }

    protected boolean allIn(List<UUID> withdrawals, String state) {
        return withdrawals.stream().allMatch(w -> state.equals(fixture.state(w)));
    }

    /** Every requested address was paid exactly once, its requested amount, by the wallet's sends. */
    protected void assertEachPaidExactlyOnce() {
        requested.forEach((address, amount) -> {
            List<SimulatedSend> sends = fixture.sendsTo(address);
            assertThat(sends).as("sends paying %s", address).hasSize(1);
            assertThat(sends.get(0).outputs().get(address)).as("paid to %s", address).isEqualTo(amount);
        });
    }

    /** Every wallet input still locked belongs to a recorded transaction: no stopped signer's lock is left. */
    protected void assertNoOrphanLocks() {
        Set<Outpoint> locked = fixture.chain().lockedInputs();
        List<Outpoint> recorded = jdbc.sql("""
                SELECT DISTINCT i FROM btc.network_transaction, unnest(inputs) AS i
                WHERE state IN ('signed', 'sent', 'broken')
                """).query(String.class).list().stream().map(Outpoint::parse).toList();
        assertThat(recorded).containsAll(locked);
    }

    /** Alerts of {@code kind} published since this test started. */
    protected List<Alert> alertsSinceStart(AlertKind kind) {
        return events.alerts().stream().filter(a -> a.kind() == kind && !a.occurredAt().isBefore(startedAt)).toList();
    }

    protected List<Alert> alertsAbout(AlertKind kind, long broadcast) {
        return events.alerts().stream()
                .filter(a -> a.kind() == kind && Long.toString(broadcast).equals(a.details().get("broadcastId")))
                .toList();
    }

    protected String broadcastState(long broadcast) {
        return jdbc.sql("SELECT state FROM btc.network_transaction WHERE id = :id").param("id", broadcast)
                .query(String.class).single();
    }

    protected String txidOf(long broadcast) {
        return jdbc.sql("SELECT txid FROM btc.network_transaction WHERE id = :id").param("id", broadcast)
                .query(String.class).single();
    }
}
