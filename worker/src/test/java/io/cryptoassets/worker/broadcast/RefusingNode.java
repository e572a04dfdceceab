package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node that refuses to sign any transaction paying one address, for a reason the worker does
 * not understand, whatever else the transaction pays: what a policy of the node's own (a script
 * it will not relay) looks like. The simulated node's own refusals each have a kind the worker
 * knows, and its per-call faults strike the next call whatever it pays, so this one output's
 * refusal is injected here, in the node's words.
 */
final class RefusingNode extends ForwardingNode {

    static final String WORDS = "non-mandatory-script-verify-flag (Witness program hash mismatch)";

    private final String refusedAddress;
    private final AtomicInteger refusals = new AtomicInteger();

    RefusingNode(NodePort node, String refusedAddress) {
        super(node);
        this.refusedAddress = refusedAddress;
    }

    int refusals() {
        return refusals.get();
    }

    @Override
    public SignedTransaction sign(Map<String, BigInteger> outputs) {
        if (outputs.containsKey(refusedAddress)) {
            refusals.incrementAndGet();
            throw new SendRefusedException(SendRefusal.of(-26, WORDS), -26, null);
        }
        return node.sign(outputs);
    }
}
