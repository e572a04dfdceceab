package io.cryptoassets.worker.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.outbox.OutboxSignal;
import io.cryptoassets.worker.tx.CannotResolveDatabaseConflict;
import io.cryptoassets.worker.tx.SerializableTransactions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionCallback;

/**
 * A broadcast that reached the chain is recorded even when its closing transaction keeps
 * conflicting for longer than one transaction's retries, as it does under load; only a conflict
 * that outlasts every round leaves it open for an operator.
 */
class BroadcasterRecordingTest {

    private static final AssetProperties BTC = new AssetProperties("BTC", null, 8, 3, 15, List.of("regtest"), null);
    private static final String TXID = "ab".repeat(32);

    private final BroadcastStore store = mock(BroadcastStore.class);
    private final NodePort node = mock(NodePort.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger closeAttempts = new AtomicInteger();

    @Test
    void aSendIsRecordedAfterClosingConflictedBeyondOneTransactionsRetries() {
        Broadcaster broadcaster = broadcaster(1);
        BroadcastMember member = new BroadcastMember(1, "a", "addr", BigInteger.TEN);
        when(store.close(eq(BTC), eq(7L), eq(TXID), any(), any())).thenReturn(Optional.of(List.of(member)));

        assertThat(broadcaster.round(BTC, node)).isTrue();

        assertThat(closeAttempts).hasValue(2);
        assertThat(meters.counter("cryptoassets.broadcasts", "asset", "BTC", "outcome", "sent").count()).isEqualTo(1);
    }

    @Test
    void aConflictOutlastingEveryRoundLeavesTheBroadcastOpen() {
        Broadcaster broadcaster = broadcaster(Integer.MAX_VALUE);
        Thread.currentThread().interrupt(); // cuts the pause short: as when the worker stops meanwhile

        assertThatThrownBy(() -> broadcaster.round(BTC, node)).isInstanceOf(CannotResolveDatabaseConflict.class);

        assertThat(Thread.interrupted()).isTrue();
        assertThat(closeAttempts).hasValue(1);
        assertThat(meters.counter("cryptoassets.broadcasts", "asset", "BTC", "outcome", "sent").count()).isZero();
    }

    /** A broadcaster whose closing transaction conflicts past its retries {@code conflicts} times. */
    private Broadcaster broadcaster(int conflicts) {
        when(store.group(any(), anyInt())).thenReturn(Optional.empty());
        when(store.nextToOpen(BTC)).thenReturn(Optional.of(7L));
        when(store.open(BTC, 7L)).thenReturn(Optional.of(OffsetDateTime.now()));
        when(store.outputs(BTC, 7L)).thenReturn(Map.of("addr", BigInteger.TEN));
        when(node.send(any())).thenReturn(TXID);
        when(node.transaction(TXID)).thenReturn(Optional.empty());
        SerializableTransactions transactions = mock(SerializableTransactions.class);
        when(transactions.inTransaction(anyString(), any())).thenAnswer(call -> {
            String name = call.getArgument(0);
            if (name.equals("close broadcast") && closeAttempts.incrementAndGet() <= conflicts) {
                throw new CannotResolveDatabaseConflict(name, 11, null);
            }
            TransactionCallback<?> work = call.getArgument(1);
            return work.doInTransaction(null);
        });
        ChainProperties chain = new ChainProperties(true, Duration.ofSeconds(1), 500, Duration.ofMinutes(2),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(1), true);
        return new Broadcaster(store, mock(BroadcastEvents.class), mock(NetworkFees.class), transactions, chain,
                new OutboxSignal(), new BroadcastMetrics(meters));
    }
}
