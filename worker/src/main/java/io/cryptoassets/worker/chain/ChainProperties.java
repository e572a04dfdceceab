package io.cryptoassets.worker.chain;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the worker drives the nodes of assets that have one ({@code cryptoassets.chain.*}).
 *
 * @param enabled                 run the broadcaster, confirmation tracker and scans in this
 *                                process; admin commands turn it off
 * @param broadcastInterval       how often pending withdrawals are grouped and sent
 * @param maxWithdrawalsPerBroadcast withdrawals in one network transaction at most
 * @param brokenAfter             a broadcast opened this long ago and not closed is broken
 * @param refusedRetryAfter       a broadcast the node refused is sent again after this
 * @param confirmationsInterval   how often tracked network transactions are polled
 * @param scanInterval            how often the node is scanned for received outputs; zero scans
 *                                only at start and on the {@code rescan} command
 * @param scanOnStart             scan for deposits missed while no worker ran, at start
 * @param nodeUnreachableAfter    a node no worker had an answer from for this long, while this
 *                                worker's probes kept failing, is announced unreachable; it is
 *                                probed every quarter of this
 * @param reservesInterval        how often liabilities are compared with the node wallet
 *                                (zero: only by the {@code reserves} command)
 * @param feeGrace                a sent broadcast whose fee is still unknown this long after it
 *                                was sent is an {@code audit} violation
 * @param signingTimeout          how long one worker may hold a broadcast with the node: a
 *                                {@code signing} broadcast older than this is given back to be
 *                                signed again (its signer stopped before recording), and a
 *                                {@code signed} one a worker took to send may be taken by another
 *                                after this. Longer than the node adapter's longest call
 * @param refusalsBeforeAlert     refusals of one withdrawal alone in its broadcast (or of one
 *                                recorded transaction) for a reason the worker does not
 *                                understand, before an alert is raised; it keeps being retried
 * @param stuckAfterBlocks        a sent broadcast still unconfirmed this many blocks after it was
 *                                sent raises {@code BROADCAST_STUCK}
 */
@ConfigurationProperties("cryptoassets.chain")
public record ChainProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration broadcastInterval,
        @DefaultValue("500") int maxWithdrawalsPerBroadcast,
        @DefaultValue("2m") Duration brokenAfter,
        @DefaultValue("30s") Duration refusedRetryAfter,
        @DefaultValue("10s") Duration confirmationsInterval,
        @DefaultValue("1m") Duration scanInterval,
        @DefaultValue("true") boolean scanOnStart,
        @DefaultValue("60s") Duration nodeUnreachableAfter,
        @DefaultValue("1m") Duration reservesInterval,
        @DefaultValue("10m") Duration feeGrace,
        @DefaultValue("1m") Duration signingTimeout,
        @DefaultValue("3") int refusalsBeforeAlert,
        @DefaultValue("6") int stuckAfterBlocks) {

    public ChainProperties {
        if (maxWithdrawalsPerBroadcast < 1) {
            throw new IllegalArgumentException("cryptoassets.chain.max-withdrawals-per-broadcast must be at least 1");
        }
        if (refusalsBeforeAlert < 1) {
            throw new IllegalArgumentException("cryptoassets.chain.refusals-before-alert must be at least 1");
        }
        if (stuckAfterBlocks < 1) {
            throw new IllegalArgumentException("cryptoassets.chain.stuck-after-blocks must be at least 1");
        }
        if (refusedRetryAfter == null || refusedRetryAfter.isNegative()) {
            throw new IllegalArgumentException("cryptoassets.chain.refused-retry-after must not be negative");
        }
        for (Duration d : new Duration[] {broadcastInterval, brokenAfter, confirmationsInterval, nodeUnreachableAfter,
                feeGrace, signingTimeout}) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("cryptoassets.chain intervals must be positive");
            }
        }
    }

    /** How often each worker asks every node for its block count (never more than every 10 ms). */
    public Duration nodeProbeInterval() {
        Duration quarter = nodeUnreachableAfter.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : quarter;
    }
}
