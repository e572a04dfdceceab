package io.cryptoassets.worker.chain.simulated;

import java.math.BigInteger;
import java.util.Map;

/** One send that reached the simulated network, for tests that count sends. */
public record SimulatedSend(String txid, Map<String, BigInteger> outputs, BigInteger fee) {

    public SimulatedSend {
        outputs = Map.copyOf(outputs);
    }
}
