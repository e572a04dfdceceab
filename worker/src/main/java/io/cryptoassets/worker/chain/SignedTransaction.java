package io.cryptoassets.worker.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * A transaction the node's wallet built and signed but did not send. Its txid is final (segwit
 * or not, the bytes are fixed once signed), so it can be recorded before anything leaves and
 * sent again byte for byte: the network treats a second copy as the same transaction, never as a
 * second payment.
 *
 * @param txid   the transaction id, lowercase hex
 * @param raw    the whole signed transaction, lowercase hex, as {@code sendrawtransaction} takes it
 * @param fee    what it pays the miners, in the smallest unit
 * @param inputs the wallet outputs it spends; the wallet keeps them locked until it is settled
 */
public record SignedTransaction(String txid, String raw, BigInteger fee, List<Outpoint> inputs) {

    public SignedTransaction {
        Objects.requireNonNull(txid, "txid");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(fee, "fee");
        if (fee.signum() < 0) {
            throw new IllegalArgumentException("fee must not be negative, was " + fee);
        }
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a signed transaction spends at least one input");
        }
    }
}
