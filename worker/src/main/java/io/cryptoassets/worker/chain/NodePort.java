package io.cryptoassets.worker.chain;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * What the worker needs from one asset's node (a wallet on the chain). Amounts are integers in
 * the asset's smallest unit on both sides of this interface: adapters convert at the edge.
 *
 * <p>Every call is bounded by the adapter's timeouts. Failures are classified so the caller can
 * never mistake "maybe sent" for "not sent":
 * <ul>
 *   <li>{@link NodeCallFailedException}: the call had no effect (refused, unreachable before the
 *       request left, an error object from the node). Safe to retry later.</li>
 *   <li>{@link SendOutcomeUnknownException}: only from {@link #send}; the request may have reached
 *       the node (timeout or dropped connection after sending). Never retried automatically.</li>
 * </ul>
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
