package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds and signs a payment with the node's wallet without sending it:
 * <ol>
 *   <li>{@code walletcreatefundedpsbt [] [{address: coins}, ...] 0 {"lockUnspents": true}}: coin
 *       selection, change and fee; the chosen inputs are locked (in memory)</li>
 *   <li>{@code decodepsbt}: which inputs those are, so that every later failure can unlock them</li>
 *   <li>{@code walletprocesspsbt psbt true}: the wallet signs, with the node's default sighash
 *       (ALL, or its Taproot equivalent DEFAULT), which commits to every input and output</li>
 *   <li>{@code finalizepsbt psbt true}: the network serialization</li>
 *   <li>{@code testmempoolaccept [hex]}: whether the network would take it, without sending it</li>
 *   <li>{@code lockunspent}: the inputs stay locked across node restarts ({@link CoinLocks#keepAcrossRestarts})</li>
 * </ol>
 * The txid comes from the signed bytes themselves ({@link RawTransaction}) and must be the one
 * {@code testmempoolaccept} names. Not thread-safe: the caller runs one signing at a time per
 * wallet, so that no other selection of this worker takes the inputs while their lock is renewed.
 */
final class PsbtSigner {

    private final JsonRpcClient rpc;
    private final PsbtAnswers answers;
    private final CoinLocks locks;

    PsbtSigner(JsonRpcClient rpc, PsbtAnswers answers, CoinLocks locks) {
        this.rpc = rpc;
        this.answers = answers;
        this.locks = locks;
    }

    /**
     * @param coins amount in coins per distinct address, already validated
     * @throws SendRefusedException    the node would not fund it, or its mempool would not take it;
     *                                 its inputs are unlocked
     * @throws NodeCallFailedException anything else; inputs the node locked before the failure are
     *                                 unlocked when it can still be asked, else they stay listed by
     *                                 {@code listlockunspent}
     */
    SignedTransaction sign(Map<String, BigDecimal> coins) {
        // One single-key object per output: the shape walletcreatefundedpsbt documents, which also
        // keeps the caller's output order.
        List<Map<String, BigDecimal>> outputs = coins.entrySet().stream()
                .map(output -> Map.of(output.getKey(), output.getValue()))
                .toList();
        PsbtAnswers.Funded funded;
        try {
            funded = answers.funded(rpc.read("walletcreatefundedpsbt",
                    List.of(List.of(), outputs, 0, Map.of("lockUnspents", true))));
        } catch (NodeCallFailedException e) {
            throw NodeRefusals.classify(e);
        }
        List<Outpoint> inputs = answers.inputs(rpc.read("decodepsbt", List.of(funded.psbt())));
        try {
            return signFunded(funded, inputs);
        } catch (RuntimeException e) {
            throw locks.releaseAfter(inputs, e);
        }
    }

    private SignedTransaction signFunded(PsbtAnswers.Funded funded, List<Outpoint> inputs) {
        String signed = answers.signedPsbt(rpc.read("walletprocesspsbt", List.of(funded.psbt(), true)));
        String hex = answers.networkHex(rpc.read("finalizepsbt", List.of(signed, true)));
        RawTransaction transaction = parse(hex);
        if (!Set.copyOf(transaction.inputs()).equals(Set.copyOf(inputs))) {
            throw AnswerFields.malformed("finalizepsbt", "the signed transaction spends " + transaction.inputs()
                    + ", not the funded inputs " + inputs);
        }
        PsbtAnswers.Verdict verdict = answers.verdict(rpc.read("testmempoolaccept", List.of(List.of(transaction.hex()))));
        if (!verdict.txid().equals(transaction.txid())) {
            throw AnswerFields.malformed("testmempoolaccept", "it judged " + verdict.txid() + ", not " + transaction.txid());
        }
        if (!verdict.allowed()) {
            throw new SendRefusedException(SendRefusal.of(null, verdict.rejectReason()), null, null);
        }
        locks.keepAcrossRestarts(inputs);
        return new SignedTransaction(transaction.txid(), transaction.hex(), funded.fee(), inputs);
    }

    private static RawTransaction parse(String hex) {
        try {
            return RawTransaction.parse(hex);
        } catch (IllegalArgumentException notATransaction) {
            throw new NodeCallFailedException("bitcoind finalizepsbt: unexpected answer: 'hex' "
                    + notATransaction.getMessage(), null, notATransaction);
        }
    }
}
