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
        @DefaultValue("10m") Duration feeGrace) {

    public ChainProperties {
        if (maxWithdrawalsPerBroadcast < 1) {
            throw new IllegalArgumentException("cryptoassets.chain.max-withdrawals-per-broadcast must be at least 1");
        }
        for (Duration d : new Duration[] {broadcastInterval, brokenAfter, confirmationsInterval, nodeUnreachableAfter,
                feeGrace}) {
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
