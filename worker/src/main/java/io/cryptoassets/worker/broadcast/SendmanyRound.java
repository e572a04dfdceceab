package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigInteger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends one grouped broadcast with {@code sendmany}, for nodes that cannot sign without sending.
 * The broadcast is {@code opened} (committed) before the call; the call builds, signs and sends
 * at once, so its txid is known only from the answer. Refusals are decided like signed mode's
 * ({@link RefusalDecisions}). An unknown outcome, or a worker that stops between opening and
 * marking sent, leaves it {@code opened}: it is never sent again automatically, and
 * {@link BrokenBroadcastWatch} hands it to an operator after broken-after.
 */
@Component
class SendmanyRound {

    private static final Logger log = LoggerFactory.getLogger(SendmanyRound.class);

    private final BroadcastClaims claims;
    private final RefusalDecisions decisions;
    private final SentBroadcasts sent;
    private final BroadcastStore store;
    private final SerializableTransactions transactions;
    private final BroadcastMetrics metrics;
    private final ChainProperties properties;

    SendmanyRound(BroadcastClaims claims, RefusalDecisions decisions, SentBroadcasts sent, BroadcastStore store,
                  SerializableTransactions transactions, BroadcastMetrics metrics, ChainProperties properties) {
        this.claims = claims;
        this.decisions = decisions;
        this.sent = sent;
        this.store = store;
        this.transactions = transactions;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** Sends one due broadcast; false when there was none, or the node could not be asked. */
    boolean sendOne(AssetProperties asset, NodePort node) {
        Optional<Claim> claimed = claims.claimForSending(asset);
        if (claimed.isEmpty()) {
            return false;
        }
        Claim claim = claimed.get();
        if (claim.members().isEmpty()) {
            return true;
        }
        String txid;
        try {
            txid = node.send(claim.outputs());
        } catch (NodeCallFailedException e) {
            if (e.concernsTheCall()) {
                decisions.decide(asset, claim, SendRefusal.of(e));
                return true;
            }
            metrics.refused(asset.code());
            log.warn("{} broadcast {}: the node was not reached, nothing was sent; retrying after {}: {}",
                    asset.code(), claim.id(), properties.refusedRetryAfter(), e.getMessage());
            decisions.release(asset, claim, "node not reached: " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // SendOutcomeUnknownException, or anything unexpected: in doubt, never resend.
            metrics.outcomeUnknown(asset.code());
            log.error("{} broadcast {}: outcome of the send is unknown; it stays open and will NOT be resent. "
                    + "Check the node, then resolve it with 'broadcasts resolve'", asset.code(), claim.id(), e);
            transactions.inTransaction("note unknown outcome", s -> {
                store.noteError(asset, claim.id(), "outcome unknown: " + e.getMessage());
                return null;
            });
            return false;
        }
        try {
            if (sent.mark(asset, node, claim.id(), txid, feeOf(asset, node, txid), claim.states(), claim.claimedAt())
                    .isEmpty()) {
                log.error("{} broadcast {} was sent as {} but an operator had resolved it meanwhile; compare the "
                        + "resolution with the node", asset.code(), claim.id(), txid);
            }
        } catch (RuntimeException e) {
            log.error("{} broadcast {} WAS SENT as {} but could not be recorded; it stays open. "
                    + "Resolve it with 'broadcasts resolve {} --txid {}'", asset.code(), claim.id(), txid, claim.id(), txid, e);
            throw e;
        }
        return true;
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
