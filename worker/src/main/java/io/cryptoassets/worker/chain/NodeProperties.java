package io.cryptoassets.worker.chain;

import io.cryptoassets.worker.chain.bitcoind.BitcoindProperties;
import io.cryptoassets.worker.chain.simulated.SimulatedNodeProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The node behind one asset ({@code cryptoassets.assets[i].node.*}).
 *
 * @param type      {@code none} (deposits arrive only as DepositObserved requests, withdrawals
 *                  stay pending), {@code simulated} (an in-process chain, for the demo and
 *                  tests) or {@code bitcoind} (a Bitcoin Core wallet over JSON-RPC)
 * @param simulated settings of the simulated chain
 * @param bitcoind  connection to the Bitcoin Core wallet, for type {@code bitcoind}
 */
public record NodeProperties(
        @DefaultValue("none") Type type,
        @DefaultValue SimulatedNodeProperties simulated,
        BitcoindProperties bitcoind) {

    public enum Type { NONE, SIMULATED, BITCOIND }

    public NodeProperties {
        if (type == Type.BITCOIND && bitcoind == null) {
            throw new IllegalArgumentException("node.type bitcoind needs node.bitcoind.url and credentials");
        }
    }

    public static NodeProperties none() {
        return new NodeProperties(Type.NONE, SimulatedNodeProperties.defaults(), null);
    }
}
