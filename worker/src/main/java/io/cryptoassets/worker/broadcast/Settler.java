package io.cryptoassets.worker.broadcast;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Settles a recorded signed transaction: whatever happened before (a send whose answer was lost,
 * a worker killed after recording or after sending), the node is asked about the txid. Known to
 * it means sent; not known means the same recorded bytes are sent (same txid: it cannot pay
 * twice). Only a conflict (its inputs spent by another transaction) needs a person. Nothing is
 * ever signed again: the recorded bytes may already be out on the network.
 */
@Component
class Settler {

    private static final Logger log = LoggerFactory.getLogger(Settler.class);

    private final BroadcastClaims claims;
    private final SignedRecords records;
    private final SentBroadcasts sent;
    private final SerializableTransactions transactions;
    private final BroadcastAlerts alerts;
    private final BroadcastMetrics metrics;
    private final ChainProperties properties;

    Settler(BroadcastClaims claims, SignedRecords records, SentBroadcasts sent, SerializableTransactions transactions,
            BroadcastAlerts alerts, BroadcastMetrics metrics, ChainProperties properties) {
        this.claims = claims;
        this.records = records;
        this.sent = sent;
        this.transactions = transactions;
        this.alerts = alerts;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** Settles the oldest due recorded transaction; false when none is due. */
    boolean settleOneDue(AssetProperties asset, NodePort node) {
        Optional<SignedBroadcast> due = claims.claimDueSigned(asset);
        due.ifPresent(b -> settle(asset, node, b));
        return due.isPresent();
    }

    /** Settles {@code broadcast}, which this worker holds (claimed or just recorded, with a lease). */
    void settle(AssetProperties asset, NodePort node, SignedBroadcast broadcast) {
        BroadcastStatus status;
        try {
            status = node.status(broadcast.txid());
        } catch (NodeCallFailedException e) {
            retryLater(asset, broadcast, "the node could not say whether it has " + broadcast.txid() + ": " + e.getMessage());
            return;
        }
        switch (status.state()) {
            case IN_MEMPOOL, CONFIRMED -> markSent(asset, node, broadcast);
            case CONFLICTED -> breakIt(asset, broadcast, evidence(status), "the node reports it conflicted");
            case UNKNOWN, DROPPED -> send(asset, node, broadcast);
        }
    }

    private void send(AssetProperties asset, NodePort node, SignedBroadcast broadcast) {
        String txid;
        try {
            txid = node.sendRaw(broadcast.raw());
        } catch (NodeCallFailedException e) {
            if (e.concernsTheCall()) {
                refused(asset, node, broadcast, SendRefusal.of(e));
            } else {
                retryLater(asset, broadcast, "the node could not be asked to send it: " + e.getMessage());
            }
            return;
        } catch (SendOutcomeUnknownException e) {
            metrics.outcomeUnknown(asset.code());
            retryLater(asset, broadcast, "outcome of the send unknown, the node is asked again: " + e.getMessage());
            return;
        }
        if (!broadcast.txid().equals(txid)) {
            log.error("{} broadcast {}: the node sent the recorded bytes of {} as {}; recorded as {}",
                    asset.code(), broadcast.id(), broadcast.txid(), txid, broadcast.txid());
        }
        markSent(asset, node, broadcast);
    }

    private void refused(AssetProperties asset, NodePort node, SignedBroadcast broadcast, SendRefusal refusal) {
        switch (refusal.kind()) {
            case ALREADY_KNOWN -> markSent(asset, node, broadcast);
            case INPUTS_SPENT -> breakIt(asset, broadcast, refusal.message(), refusal.toString());
            default -> refusedAgain(asset, broadcast, refusal);
        }
    }

    private void markSent(AssetProperties asset, NodePort node, SignedBroadcast broadcast) {
        if (sent.mark(asset, node, broadcast.id(), broadcast.txid(), null, List.of("signed"), null).isEmpty()) {
            log.info("{} broadcast {} ({}) was marked by another worker meanwhile", asset.code(), broadcast.id(),
                    broadcast.txid());
        }
    }

    /**
     * Refused for a reason that is no conflict: the bytes stay the only ones that may pay these
     * withdrawals, so they are sent again later, and an operator hears of it once.
     */
    private void refusedAgain(AssetProperties asset, SignedBroadcast broadcast, SendRefusal refusal) {
        metrics.refused(asset.code());
        RefusalRecords.Refusals refusals = transactions.inTransaction("note refused send", s -> {
            RefusalRecords.Refusals counted = records.refused(asset, broadcast.id(), properties.refusedRetryAfter(),
                    refusal.toString(), properties.refusalsBeforeAlert());
            if (counted.alertNow()) {
                alerts.raise(asset, AlertKind.BROKEN_BROADCAST,
                        "broadcast " + broadcast.id() + " was signed and recorded as " + broadcast.txid()
                                + " but the node refused to send it " + counted.count() + " times; it keeps being "
                                + "sent again and is never signed anew",
                        "broadcastId", Long.toString(broadcast.id()), "txid", broadcast.txid(),
                        "conflictingTxids", "", "openedAt", instant(broadcast),
                        "sendAttempts", Integer.toString(broadcast.sendAttempts()), "lastError", refusal.message());
            }
            return counted;
        });
        if (refusals.alertNow()) {
            metrics.broken(asset.code(), 1);
            log.error("{} broadcast {} ({}): the node refused the recorded transaction {} times ({}); raised "
                    + "BROKEN_BROADCAST", asset.code(), broadcast.id(), broadcast.txid(), refusals.count(), refusal);
        } else {
            log.warn("{} broadcast {} ({}): the node refused the recorded transaction ({}); sending it again after {}",
                    asset.code(), broadcast.id(), broadcast.txid(), refusal, properties.refusedRetryAfter());
        }
    }

    /** Another transaction spent its inputs: it can never confirm, and whether its withdrawals were paid is a person's call. */
    private void breakIt(AssetProperties asset, SignedBroadcast broadcast, String conflicting, String error) {
        boolean broke = transactions.inTransaction("mark broadcast broken", s -> {
            if (!records.breakIt(asset, broadcast.id(), conflicting, error)) {
                return false;
            }
            alerts.raise(asset, AlertKind.BROKEN_BROADCAST,
                    "broadcast " + broadcast.id() + " was signed as " + broadcast.txid() + " but another transaction "
                            + "spent its inputs; it will not be sent, and an operator decides what its withdrawals need",
                    "broadcastId", Long.toString(broadcast.id()), "txid", broadcast.txid(),
                    "conflictingTxids", conflicting, "openedAt", instant(broadcast),
                    "sendAttempts", Integer.toString(broadcast.sendAttempts()), "lastError", error);
            return true;
        });
        if (broke) {
            metrics.broken(asset.code(), 1);
            log.error("{} broadcast {} ({}) is broken: {} (conflicting: {}); resolve it with 'broadcasts resolve'",
                    asset.code(), broadcast.id(), broadcast.txid(), error, conflicting);
        }
    }

    private void retryLater(AssetProperties asset, SignedBroadcast broadcast, String why) {
        log.warn("{} broadcast {} ({}): {}; asking again after {}", asset.code(), broadcast.id(), broadcast.txid(), why,
                properties.refusedRetryAfter());
        transactions.inTransaction("retry signed broadcast later", s -> {
            records.retryLater(asset, broadcast.id(), properties.refusedRetryAfter(), why);
            return null;
        });
    }

    /** The node's evidence of a conflict, comma-separated: its replacement first, then the wallet's conflicts. */
    static String evidence(BroadcastStatus status) {
        List<String> txids = new ArrayList<>();
        if (status.replacedBy() != null) {
            txids.add(status.replacedBy());
        }
        status.conflictingTxids().stream().filter(t -> !txids.contains(t)).forEach(txids::add);
        return String.join(",", txids);
    }

    private static String instant(SignedBroadcast broadcast) {
        return broadcast.openedAt() == null ? "" : broadcast.openedAt().toInstant().toString();
    }
}
