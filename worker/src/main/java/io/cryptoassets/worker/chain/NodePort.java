package io.cryptoassets.worker.chain;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the worker needs from one asset's node (a wallet on the chain). Amounts are integers in
 * the asset's smallest unit on both sides of this interface: adapters convert at the edge.
 *
 * <p>Every call is bounded by the adapter's timeouts. Failures are classified so the caller can
 * never mistake "maybe sent" for "not sent":
 * <ul>
 *   <li>{@link NodeCallFailedException}: the call had no effect (refused, unreachable before the
 *       request left, an error object from the node). Safe to retry later.</li>
 *   <li>{@link SendRefusedException}: a {@link NodeCallFailedException} whose reason the node gave
 *       and {@link SendRefusal} classifies (dust, invalid address, insufficient funds, inputs spent).</li>
 *   <li>{@link SendOutcomeUnknownException}: only from {@link #send} and {@link #sendRaw}; the
 *       request may have reached the node (timeout or dropped connection after sending).</li>
 * </ul>
 * Two ways to send: {@link #send} ({@code sendmany}) builds, signs and sends in one call, so an
 * unknown outcome can only be settled by a person; {@link #sign} then {@link #sendRaw} know the
 * txid before anything leaves, so an unknown outcome is settled by asking {@link #status}.
 * Implementations must be safe to call from several threads.
 */
public interface NodePort {

    /** A fresh receiving address of the node's wallet ({@code getnewaddress}). */
    String newAddress(String label);

    /**
     * Pays every output in one network transaction ({@code sendmany}) and returns its txid.
     * Addresses must be distinct: the caller sums amounts per address.
     *
     * @throws NodeCallFailedException     nothing was sent
     * @throws SendOutcomeUnknownException it cannot be known whether anything was sent
     */
    String send(Map<String, BigInteger> outputs);

    /**
     * Builds and signs a transaction paying every output, without sending it: Bitcoin Core's
     * {@code walletcreatefundedpsbt} (with {@code lockUnspents}), {@code walletprocesspsbt} and
     * {@code finalizepsbt}, then {@code testmempoolaccept} to learn whether the network would take
     * it. Its inputs stay locked in the wallet, across node restarts, until {@link #unlock}, so no
     * other transaction of this wallet can spend them while this one is unsettled. Addresses must
     * be distinct.
     *
     * @throws SendRefusedException    the node would not build or accept it; nothing stays locked
     * @throws NodeCallFailedException the node could not be asked; inputs it locked before the
     *                                 failure, if any, show in {@link #lockedInputs}
     */
    SignedTransaction sign(Map<String, BigInteger> outputs);

    /**
     * Sends a signed transaction ({@code sendrawtransaction}) and returns its txid. Sending the
     * same bytes again is harmless: a node that already has the transaction counts as sent.
     *
     * @throws SendRefusedException        nothing was sent; e.g. {@link SendRefusal.Kind#INPUTS_SPENT}
     *                                     when another transaction spent its inputs
     * @throws NodeCallFailedException     the node was not reached; nothing was sent
     * @throws SendOutcomeUnknownException it may or may not have reached the node: ask {@link #status}
     */
    String sendRaw(String raw);

    /** What the node knows of a transaction this wallet signed; {@link BroadcastStatus#unknown()} when nothing. */
    BroadcastStatus status(String txid);

    /** The wallet outputs locked against spending ({@code listlockunspent}). */
    Set<Outpoint> lockedInputs();

    /** Unlocks wallet outputs ({@code lockunspent true}); outputs that are not locked are skipped. */
    void unlock(Collection<Outpoint> inputs);

    /**
     * The wallet's view of one transaction ({@code gettransaction}), or empty when the wallet does
     * not know the txid.
     */
    Optional<NodeTransaction> transaction(String txid);

    /**
     * Outputs received by the wallet in blocks after {@code blockHash} (all of them when null)
     * and in the mempool ({@code listsinceblock}). {@link ReceivedSince#lastBlock()} is the hash to
     * pass next time: with {@code targetConfirmations} n it lags the tip by n - 1 blocks, so
     * outputs with fewer confirmations are listed again on the next scan.
     */
    ReceivedSince receivedSince(String blockHash, int targetConfirmations);

    /** Height of the node's best chain ({@code getblockcount}). */
    long blockCount();

    /**
     * What the wallet holds and can spend now ({@code getbalances}: {@code mine.trusted}):
     * confirmed outputs and its own unconfirmed change, not payments still waiting for their
     * first confirmation nor immature coinbase. The hot wallet's side of the reserves.
     */
    BigInteger spendableBalance();
}
