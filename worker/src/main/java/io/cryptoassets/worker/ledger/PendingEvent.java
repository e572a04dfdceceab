package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import java.math.BigInteger;
import java.util.Map;

/**
 * An event decided by the batch, turned into its contract record once transaction ids are
 * allocated (see {@link LedgerChanges}). A txupdate's {@code balance} is its account's balance
 * taken together with its {@code sequence}, so the two always describe the same point.
 */
public sealed interface PendingEvent {

    record PendingTxUpdate(TransactionRef transaction, TransactionType type, Direction direction, TxState state,
                           String accountId, String address, String txid, BigInteger amount, BigInteger fee,
                           int confirmations, boolean credited, long sequence, BigInteger balance, String detail,
                           BigInteger available, String holdId, String reference, Map<String, String> metadata)
            implements PendingEvent {

        /** An update with a reason (or none), of an account without holds, outside any hold or transfer reference. */
        public PendingTxUpdate(TransactionRef transaction, TransactionType type, Direction direction, TxState state,
                               String accountId, String address, String txid, BigInteger amount, BigInteger fee,
                               int confirmations, boolean credited, long sequence, BigInteger balance, String detail) {
            this(transaction, type, direction, state, accountId, address, txid, amount, fee, confirmations, credited,
                    sequence, balance, detail, null, null, null, null);
        }

        /** An update in any state but failed or cancelled, which need no reason. */
        public PendingTxUpdate(TransactionRef transaction, TransactionType type, Direction direction, TxState state,
                               String accountId, String address, String txid, BigInteger amount, BigInteger fee,
                               int confirmations, boolean credited, long sequence, BigInteger balance) {
            this(transaction, type, direction, state, accountId, address, txid, amount, fee, confirmations, credited,
                    sequence, balance, null);
        }

        /** This update with the account's available balance as of it. */
        public PendingTxUpdate withAvailable(BigInteger available) {
            return new PendingTxUpdate(transaction, type, direction, state, accountId, address, txid, amount, fee,
                    confirmations, credited, sequence, balance, detail, available, holdId, reference, metadata);
        }

        /** This update naming the hold it captured or is. */
        public PendingTxUpdate withHoldId(String holdId) {
            return new PendingTxUpdate(transaction, type, direction, state, accountId, address, txid, amount, fee,
                    confirmations, credited, sequence, balance, detail, available, holdId, reference, metadata);
        }
    }

    record PendingAlert(AlertKind kind, String message, Map<String, String> details) implements PendingEvent {
    }
}
