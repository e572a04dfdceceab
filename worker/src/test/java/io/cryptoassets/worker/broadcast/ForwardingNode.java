package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.ReceivedSince;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A node that passes every call to the real (simulated) one; subclasses change one or two calls. */
abstract class ForwardingNode implements NodePort {

    protected final NodePort node;

    ForwardingNode(NodePort node) {
        this.node = node;
    }

    @Override
    public String newAddress(String label) {
        return node.newAddress(label);
    }

    @Override
    public String send(Map<String, BigInteger> outputs) {
        return node.send(outputs);
    }

    @Override
    public SignedTransaction sign(Map<String, BigInteger> outputs) {
        return node.sign(outputs);
    }

    @Override
    public String sendRaw(String raw) {
        return node.sendRaw(raw);
    }

    @Override
    public BroadcastStatus status(String txid) {
        return node.status(txid);
    }

    @Override
    public Set<Outpoint> lockedInputs() {
        return node.lockedInputs();
    }

    @Override
    public void unlock(Collection<Outpoint> inputs) {
        node.unlock(inputs);
    }

    @Override
    public Optional<NodeTransaction> transaction(String txid) {
        return node.transaction(txid);
    }

    @Override
    public ReceivedSince receivedSince(String blockHash, int targetConfirmations) {
        return node.receivedSince(blockHash, targetConfirmations);
    }

    @Override
    public long blockCount() {
        return node.blockCount();
    }

    @Override
    public BigInteger spendableBalance() {
        return node.spendableBalance();
    }
}
