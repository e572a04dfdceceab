package io.cryptoassets.worker.chain.simulated;

import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;

/**
 * Bitcoin Core's refusals, word for word and with its codes (src/rpc/protocol.h), so that what
 * the simulated node says is classified by {@link SendRefusal} exactly as the real node's words.
 */
final class NodeRefusals {

    /** {@code sendmany}: every refusal of the wallet to build the transaction (RPC_WALLET_INSUFFICIENT_FUNDS). */
    static final int SENDMANY_REFUSED = -6;
    /** {@code walletcreatefundedpsbt}: the same refusals as RPC_WALLET_ERROR. */
    static final int FUNDING_REFUSED = -4;
    static final int RPC_TYPE_ERROR = -3;
    static final int RPC_INVALID_ADDRESS_OR_KEY = -5;
    static final int RPC_INVALID_PARAMETER = -8;
    static final int RPC_DESERIALIZATION_ERROR = -22;
    static final int RPC_TRANSACTION_ERROR = -25;
    static final int RPC_TRANSACTION_REJECTED = -26;

    private NodeRefusals() {
    }

    static SendRefusedException invalidAddress(String address) {
        return refused(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + address);
    }

    static SendRefusedException invalidAmount() {
        return refused(RPC_TYPE_ERROR, "Invalid amount for send");
    }

    static SendRefusedException amountOutOfRange() {
        return refused(RPC_TYPE_ERROR, "Amount out of range");
    }

    static SendRefusedException dust(int code) {
        return refused(code, "Transaction amount too small");
    }

    static SendRefusedException insufficientFunds(int code) {
        return refused(code, "Insufficient funds");
    }

    static SendRefusedException undecodable(String why) {
        return refused(RPC_DESERIALIZATION_ERROR, "TX decode failed. Make sure the tx has at least one input. (" + why + ")");
    }

    /** {@code sendrawtransaction}: a transaction in the mempool spends one of the inputs. */
    static SendRefusedException mempoolConflict() {
        return refused(RPC_TRANSACTION_REJECTED, "txn-mempool-conflict");
    }

    /** {@code sendrawtransaction}: an input is unknown or a block spent it. */
    static SendRefusedException missingOrSpent() {
        return refused(RPC_TRANSACTION_ERROR, "bad-txns-inputs-missingorspent");
    }

    static SendRefusedException outputsExceedInputs() {
        return refused(RPC_TRANSACTION_REJECTED, "bad-txns-in-belowout");
    }

    static SendRefusedException refused(int code, String message) {
        return new SendRefusedException(SendRefusal.of(code, message), code, null);
    }
}
