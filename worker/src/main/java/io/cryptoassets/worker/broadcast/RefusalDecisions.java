package io.cryptoassets.worker.broadcast;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.ledger.WithdrawalRefunds;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What happens to a claimed broadcast the node refused to build or send (nothing left), by the
 * kind of refusal, so that no withdrawal holds the others hostage:
 * <ul>
 *   <li>an output refused for good (dust, an address not of the node's network) fails the
 *       withdrawals paying it, refunded; the rest goes back to be sent at once. When the node
 *       does not say which output, the broadcast is split in two until it does or the output is alone;</li>
 *   <li>a wallet that cannot pay splits the broadcast, so what it can pay goes out; one address
 *       alone waits for a top-up, with {@code HOT_WALLET_INSUFFICIENT} once per episode. Nothing fails;</li>
 *   <li>anything else is split until alone; alone, it is retried after refused-retry-after and
 *       raises {@code WITHDRAWAL_REFUSED} once after refusals-before-alert refusals.</li>
 * </ul>
 * A sweep to cold storage holds no withdrawal hostage and owes nobody: any refusal ends it unsent
 * ({@link ColdSweeps#refused}), and a later round decides again from the wallet's balance.
 * Each decision is one transaction, conditional on the claim still holding.
 */
@Component
class RefusalDecisions {

    private static final Logger log = LoggerFactory.getLogger(RefusalDecisions.class);

    private final SerializableTransactions transactions;
    private final BroadcastStore store;
    private final RefusalRecords records;
    private final WithdrawalRefunds refunds;
    private final BroadcastAlerts alerts;
    private final ColdSweeps sweeps;
    private final BroadcastMetrics metrics;
    private final ChainProperties properties;

    RefusalDecisions(SerializableTransactions transactions, BroadcastStore store, RefusalRecords records,
                     WithdrawalRefunds refunds, BroadcastAlerts alerts, ColdSweeps sweeps, BroadcastMetrics metrics,
                     ChainProperties properties) {
        this.transactions = transactions;
        this.store = store;
        this.records = records;
        this.refunds = refunds;
        this.alerts = alerts;
        this.sweeps = sweeps;
        this.metrics = metrics;
        this.properties = properties;
    }

    void decide(AssetProperties asset, Claim claim, SendRefusal refusal) {
        metrics.refused(asset.code());
        if (claim.sweep()) {
            sweeps.refused(asset, claim, refusal.toString());
            return;
        }
        List<String> addresses = claim.addresses();
        boolean several = addresses.size() > 1;
        switch (refusal.kind()) {
            case DUST, INVALID_ADDRESS -> {
                // Only an address that is in the broadcast: failing nobody and retrying at once would loop.
                Optional<String> named = refusal.namedAddress().filter(addresses::contains);
                if (named.isPresent()) {
                    failPaying(asset, claim, named.get(), refusal);
                } else if (several) {
                    bisect(asset, claim, refusal);
                } else {
                    failPaying(asset, claim, addresses.get(0), refusal);
                }
            }
            case INSUFFICIENT_FUNDS -> {
                if (several) {
                    bisect(asset, claim, refusal);
                } else {
                    waitForFunds(asset, claim, refusal);
                }
            }
            // Inputs spent or "already known" before anything was recorded say nothing about an
            // output either: the wallet's view moved under it. Treated as not understood.
            default -> {
                if (several) {
                    bisect(asset, claim, refusal);
                } else {
                    refusedAlone(asset, claim, refusal);
                }
            }
        }
    }

    /** The node could not be asked (unreachable, or failed for a reason of its own): try again later. */
    void release(AssetProperties asset, Claim claim, String error) {
        transactions.inTransaction("release broadcast", s -> store.release(asset, claim, properties.refusedRetryAfter(), error));
    }

    private void failPaying(AssetProperties asset, Claim claim, String address, SendRefusal refusal) {
        List<Long> failed = transactions.inTransaction("fail refused withdrawals", s -> {
            if (!store.holds(asset, claim)) {
                return null;
            }
            List<Long> ended = claim.members().stream()
                    .filter(m -> m.address().equals(address))
                    .flatMap(m -> refunds.end(asset, m.transactionId(), TxState.FAILED, refusal.message(),
                            claim.states()).stream())
                    .map(WithdrawalRefunds.Refund::transactionId)
                    .toList();
            store.release(asset, claim, Duration.ZERO, refusal.toString());
            return ended;
        });
        if (failed == null) {
            lost(asset, claim, refusal);
            return;
        }
        metrics.failedWithdrawals(asset.code(), failed.size());
        log.warn("{} broadcast {}: the node refuses the output to {} for good ({}); withdrawal(s) {} failed and "
                + "refunded, the rest goes out in the next round", asset.code(), claim.id(), address, refusal, failed);
    }

    private void bisect(AssetProperties asset, Claim claim, SendRefusal refusal) {
        List<String> addresses = claim.addresses();
        List<String> moved = addresses.subList(addresses.size() / 2, addresses.size());
        Long split = transactions.inTransaction("bisect refused broadcast", s -> {
            if (!store.holds(asset, claim)) {
                return null;
            }
            long other = records.split(asset, claim.id(), moved);
            store.release(asset, claim, Duration.ZERO, "split after " + refusal);
            return other;
        });
        if (split == null) {
            lost(asset, claim, refusal);
            return;
        }
        metrics.bisected(asset.code());
        log.info("{} broadcast {}: refused ({}); {} of its {} addresses moved to broadcast {}, both to be sent again",
                asset.code(), claim.id(), refusal, moved.size(), addresses.size(), split);
    }

    private void waitForFunds(AssetProperties asset, Claim claim, SendRefusal refusal) {
        Boolean alerted = transactions.inTransaction("wait for hot wallet", s -> {
            if (!store.holds(asset, claim)) {
                return null;
            }
            boolean episodeStarts = records.noBroadcastWaitsForFunds(asset);
            records.waitForFunds(asset, claim, properties.refusedRetryAfter(), refusal.toString());
            if (episodeStarts) {
                alerts.raise(asset, AlertKind.HOT_WALLET_INSUFFICIENT,
                        "the hot wallet cannot pay broadcast " + claim.id() + " (" + claim.total() + "); it waits, "
                                + "and so do others the wallet cannot pay, until the wallet is topped up",
                        "broadcastId", Long.toString(claim.id()), "amount", claim.total().toString(),
                        "error", refusal.message());
            }
            return episodeStarts;
        });
        if (alerted == null) {
            lost(asset, claim, refusal);
        } else if (alerted) {
            log.error("{} broadcast {}: the hot wallet cannot pay {}; raised HOT_WALLET_INSUFFICIENT. It is tried again "
                    + "every {} until the wallet is topped up", asset.code(), claim.id(), claim.total(),
                    properties.refusedRetryAfter());
        } else {
            log.info("{} broadcast {}: still waiting for the hot wallet ({})", asset.code(), claim.id(), refusal);
        }
    }

    private void refusedAlone(AssetProperties asset, Claim claim, SendRefusal refusal) {
        RefusalRecords.Refusals counted = transactions.inTransaction("note refusal", s -> {
            if (!store.holds(asset, claim)) {
                return null;
            }
            RefusalRecords.Refusals refusals = records.refusedAlone(asset, claim, properties.refusedRetryAfter(),
                    refusal.toString(), properties.refusalsBeforeAlert());
            if (refusals.alertNow()) {
                String ids = claim.members().stream().map(m -> Long.toString(m.transactionId()))
                        .collect(Collectors.joining(","));
                alerts.raise(asset, AlertKind.WITHDRAWAL_REFUSED,
                        "withdrawal(s) " + ids + " of broadcast " + claim.id() + " were refused " + refusals.count()
                                + " times for a reason the worker does not understand; they keep being retried",
                        "broadcastId", Long.toString(claim.id()), "transactionId", ids,
                        "refusals", Integer.toString(refusals.count()), "error", refusal.message());
            }
            return refusals;
        });
        if (counted == null) {
            lost(asset, claim, refusal);
        } else if (counted.alertNow()) {
            log.error("{} broadcast {}: refused {} times ({}); raised WITHDRAWAL_REFUSED, retrying every {}",
                    asset.code(), claim.id(), counted.count(), refusal, properties.refusedRetryAfter());
        } else {
            log.warn("{} broadcast {}: refused ({}), refusal {}; retrying after {}", asset.code(), claim.id(), refusal,
                    counted.count(), properties.refusedRetryAfter());
        }
    }

    private static void lost(AssetProperties asset, Claim claim, SendRefusal refusal) {
        log.warn("{} broadcast {}: refused ({}), but it was taken over while the node answered; its new holder decides",
                asset.code(), claim.id(), refusal);
    }
}
