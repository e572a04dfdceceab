package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.tx.CannotResolveDatabaseConflict;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends pending withdrawals to the network, never twice. One round, per asset:
 * <ol>
 *   <li>group waiting withdrawals into a broadcast (its own commit);</li>
 *   <li>open the oldest broadcast due: {@code opened_at} is set by a conditional update and
 *       committed, and only the worker whose update matched goes on;</li>
 *   <li>call {@code sendmany} outside any transaction;</li>
 *   <li>close it: txid, fee, withdrawals broadcasted, their {@code TxUpdate}s, one commit.</li>
 * </ol>
 * A refusal (nothing sent) clears {@code opened_at} so the broadcast is retried later, without
 * an alert. An unknown outcome, or a crash anywhere between steps 2 and 4, leaves the broadcast
 * open: it is never sent again automatically, and {@link BrokenBroadcastWatch} raises the alert.
 */
@Component
public class Broadcaster {

    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);

    /** Attempts at recording a sent broadcast, each a whole retried transaction, before an operator is needed. */
    static final int RECORD_ROUNDS = 20;
    private static final Duration RECORD_PAUSE = Duration.ofSeconds(1);

    private final BroadcastStore store;
    private final BroadcastEvents events;
    private final NetworkFees fees;
    private final SerializableTransactions transactions;
    private final ChainProperties properties;
    private final BroadcastMetrics metrics;

    Broadcaster(BroadcastStore store, BroadcastEvents events, NetworkFees fees, SerializableTransactions transactions,
                ChainProperties properties, BroadcastMetrics metrics) {
        this.store = store;
        this.events = events;
        this.fees = fees;
        this.transactions = transactions;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * Runs one round for {@code asset}.
     *
     * @return true when a broadcast was sent and more may be waiting, so the caller can go on at once
     */
    public boolean round(AssetProperties asset, NodePort node) {
        transactions.inTransaction("group withdrawals", s -> store.group(asset, properties.maxWithdrawalsPerBroadcast()));
        Optional<Long> due = transactions.inTransaction("next broadcast", s -> store.nextToOpen(asset));
        if (due.isEmpty()) {
            return false;
        }
        long id = due.get();
        Optional<OffsetDateTime> opened = transactions.inTransaction("open broadcast", s -> store.open(asset, id));
        if (opened.isEmpty()) {
            return true; // another worker opened it between our look and our update
        }
        Map<String, BigInteger> outputs = transactions.inTransaction("broadcast outputs", s -> store.outputs(asset, id));
        String txid;
        try {
            txid = node.send(outputs);
        } catch (NodeCallFailedException e) {
            metrics.refused(asset.code());
            log.warn("{} broadcast {}: node refused the send, nothing was sent; retrying after {}: {}",
                    asset.code(), id, properties.refusedRetryAfter(), e.getMessage());
            transactions.inTransaction("release refused broadcast",
                    s -> store.releaseRefused(asset, id, opened.get(), e.getMessage(), properties.refusedRetryAfter()));
            return false;
        } catch (RuntimeException e) {
            // SendOutcomeUnknownException, or anything unexpected: in doubt, never resend.
            metrics.outcomeUnknown(asset.code());
            log.error("{} broadcast {}: outcome of the send is unknown; it stays open and will NOT be resent. "
                    + "Check the node, then resolve it with 'broadcasts resolve'", asset.code(), id, e);
            transactions.inTransaction("note unknown outcome", s -> {
                store.noteError(asset, id, "outcome unknown: " + e.getMessage());
                return null;
            });
            return false;
        }
        try {
            recordDespiteConflicts(asset, node, id, txid);
        } catch (RuntimeException e) {
            log.error("{} broadcast {} WAS SENT as {} but could not be recorded; it stays open. "
                    + "Resolve it with 'broadcasts resolve {} --txid {}'", asset.code(), id, txid, id, txid, e);
            throw e;
        }
        return true;
    }

    /**
     * Records a send that reached the chain. Under load the closing transaction can keep
     * conflicting with request batches on the same accounts for longer than one transaction's
     * retries; giving up then would hand a broadcast this worker knows was sent, txid and all, to
     * an operator. So the whole record is tried again, up to {@link #RECORD_ROUNDS} times. Closing
     * is conditional: an operator's resolution made meanwhile is noticed, never overwritten.
     */
    private void recordDespiteConflicts(AssetProperties asset, NodePort node, long id, String txid) {
        for (int round = 1; ; round++) {
            try {
                record(asset, node, id, txid);
                return;
            } catch (CannotResolveDatabaseConflict e) {
                if (round == RECORD_ROUNDS) {
                    throw e;
                }
                log.warn("{} broadcast {} was sent as {}; recording it conflicted ({}), trying again",
                        asset.code(), id, txid, e.getMessage());
                try {
                    Thread.sleep(RECORD_PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt(); // the worker is stopping: leave it open, as logged
                    throw e;
                }
            }
        }
    }

    private void record(AssetProperties asset, NodePort node, long id, String txid) {
        BigInteger fee = feeOf(asset, node, txid);
        Optional<List<BroadcastMember>> closed = transactions.inTransaction("close broadcast", s -> {
            Optional<List<BroadcastMember>> members = store.close(asset, id, txid, null, null);
            members.ifPresent(m -> {
                fees.charge(asset, id, fee);
                events.broadcasted(asset, m, txid, fee, 0);
            });
            return members;
        });
        if (closed.isEmpty()) {
            // Only an operator closes an open broadcast; they decided while the node was answering.
            log.error("{} broadcast {} was sent as {} but had already been closed by an operator; "
                    + "compare the resolution with the node", asset.code(), id, txid);
            return;
        }
        metrics.sent(asset.code(), closed.get().size());
        log.info("{} broadcast {} sent as {} with {} withdrawals", asset.code(), id, txid, closed.get().size());
    }

    /** The fee, when the node tells it at once; otherwise the confirmation tracker records it later. */
    private static BigInteger feeOf(AssetProperties asset, NodePort node, String txid) {
        try {
            return node.transaction(txid).map(NodeTransaction::fee).orElse(null);
        } catch (NodeCallFailedException e) {
            log.warn("{}: fee of {} not known yet: {}", asset.code(), txid, e.getMessage());
            return null;
        }
    }
}
