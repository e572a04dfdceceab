package io.cryptoassets.worker.chain.simulated;

import java.math.BigInteger;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated chain of an asset ({@code cryptoassets.assets[i].node.simulated.*}).
 *
 * @param blockInterval a block is mined this often; zero mines only on demand
 * @param walletBalance what the wallet can spend before any deposit reaches it, smallest unit
 * @param feePerSend    the network fee every send pays, smallest unit
 * @param sharedInJvm   every worker context in this JVM uses one chain for the asset, as when
 *                      several workers run in one process; otherwise each context has its own
 */
public record SimulatedNodeProperties(
        @DefaultValue("10s") Duration blockInterval,
        @DefaultValue("2100000000000000") BigInteger walletBalance,
        @DefaultValue("1000") BigInteger feePerSend,
        @DefaultValue("false") boolean sharedInJvm) {

    public SimulatedNodeProperties {
        if (blockInterval.isNegative()) {
            throw new IllegalArgumentException("node.simulated.block-interval must not be negative");
        }
        if (walletBalance.signum() < 0 || feePerSend.signum() < 0) {
            throw new IllegalArgumentException("node.simulated amounts must not be negative");
        }
    }

    public static SimulatedNodeProperties defaults() {
        return new SimulatedNodeProperties(Duration.ofSeconds(10), new BigInteger("2100000000000000"), BigInteger.valueOf(1000),
                false);
    }
}
