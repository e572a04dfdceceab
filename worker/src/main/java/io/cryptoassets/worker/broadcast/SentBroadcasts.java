package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Marks a broadcast sent, in one transaction: state {@code sent} with the block height it was
 * sent at, its withdrawals {@code broadcasted} with the txid, their {@code TxUpdate}s with the
 * fee, and the fee charged when it was not known yet (sendmany). A broadcast that had waited for
 * the hot wallet no longer waits. A sweep raises {@code COLD_SWEEP} instead of {@code TxUpdate}s.
 */
@Component
class SentBroadcasts {

    private static final Logger log = LoggerFactory.getLogger(SentBroadcasts.class);

    private final SerializableTransactions transactions;
    private final BroadcastStore store;
    private final BroadcastEvents events;
    private final NetworkFees fees;
    private final ColdSweeps sweeps;
    private final BroadcastMetrics metrics;

    SentBroadcasts(SerializableTransactions transactions, BroadcastStore store, BroadcastEvents events,
                   NetworkFees fees, ColdSweeps sweeps, BroadcastMetrics metrics) {
        this.transactions = transactions;
        this.store = store;
        this.events = events;
        this.fees = fees;
        this.sweeps = sweeps;
        this.metrics = metrics;
    }

    /**
     * @param fee       a fee to charge now (sendmany, when the node tells it at once); null when it
     *                  was charged when the transaction was recorded, or is not known yet
     * @param from      the states the broadcast may be in
     * @param claimedAt the claim that must still hold, or null when any worker may mark it
     * @return the withdrawals marked, or empty when the broadcast had left those states
     */
    Optional<List<BroadcastMember>> mark(AssetProperties asset, NodePort node, long id, String txid, BigInteger fee,
                                         List<String> from, OffsetDateTime claimedAt) {
        Long height = heightOf(asset, node);
        Optional<List<BroadcastMember>> marked = transactions.inTransaction("mark broadcast sent", s -> {
            Optional<List<BroadcastMember>> members = store.markSent(asset, id, txid, from, claimedAt, height, null);
            members.ifPresent(m -> {
                fees.charge(asset, id, fee);
                events.broadcasted(asset, m, txid, store.fee(asset, id), 0);
                sweeps.announceIfSweep(asset, id, txid, m);
            });
            return members;
        });
        marked.ifPresent(m -> {
            long withdrawals = m.stream().filter(member -> !member.sweep()).count();
            metrics.sent(asset.code(), (int) withdrawals);
            log.info("{} broadcast {} sent as {} with {} withdrawals{}", asset.code(), id, txid, withdrawals,
                    withdrawals < m.size() ? " (a sweep to cold storage)" : "");
        });
        return marked;
    }

    /**
     * The height the send is counted from for {@code stuck-after-blocks}; asked before the
     * transaction, never inside it. Unknown is fine: the tracker fills it in later.
     */
    private static Long heightOf(AssetProperties asset, NodePort node) {
        try {
            return node.blockCount();
        } catch (RuntimeException e) {
            log.debug("{}: block count unknown when marking a broadcast sent: {}", asset.code(), e.getMessage());
            return null;
        }
    }
}
