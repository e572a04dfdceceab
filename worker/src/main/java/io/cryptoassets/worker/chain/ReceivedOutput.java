package io.cryptoassets.worker.chain;

import java.math.BigInteger;

/** One transaction output paying an address of the node's wallet. */
public record ReceivedOutput(String txid, int vout, String address, BigInteger amount, int confirmations) {
}
