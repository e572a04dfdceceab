package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import java.util.Set;

/**
 * Tells the node's verdicts on a payment from its other errors. Only an error object whose code
 * Bitcoin Core uses for "this transaction cannot be made or sent" is a refusal; any other code
 * (the node warming up, its wallet not loaded or locked, a method an old version lacks) describes
 * the node, and blaming a withdrawal for it would fail withdrawals that are fine.
 */
final class NodeRefusals {

    /**
     * From src/rpc/protocol.h: -3 type error (an amount out of range), -4 wallet error (insufficient
     * funds, amount too small), -5 invalid address, -6 insufficient funds (older wallets), -8 invalid
     * parameter (a duplicated address), -22 a transaction the node cannot decode, -25 verify error
     * (inputs missing or spent), -26 rejected by policy (dust, mempool conflict), -27 already in chain.
     */
    private static final Set<Integer> VERDICT_CODES = Set.of(-3, -4, -5, -6, -8, -22, -25, -26, -27);

    private NodeRefusals() {
    }

    /** The failure as a {@link SendRefusedException} when it is a verdict, else unchanged. */
    static NodeCallFailedException classify(NodeCallFailedException failure) {
        Integer code = failure.rpcCode();
        if (code == null || !VERDICT_CODES.contains(code)) {
            return failure;
        }
        return new SendRefusedException(SendRefusal.of(code, JsonRpcClient.nodeMessage(failure)), code, failure);
    }
}
