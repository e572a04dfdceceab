package io.cryptoassets.worker.ledger;

import java.math.BigInteger;

/** One incoming transaction output, keyed by (txid, vout), as one batch sees it. */
final class Deposit {

    final TransactionRef ref;
    final String txid;
    final int vout;
    final String accountId;
    final String address;
    final BigInteger amount;
    final boolean created;
    int confirmations;
    boolean credited;
    /** CREDITED_DEPOSIT_REORGED was raised for this deposit: never again. */
    boolean reorgAlerted;

    Deposit(TransactionRef ref, String txid, int vout, String accountId, String address, BigInteger amount,
            int confirmations, boolean credited, boolean created) {
        this.ref = ref;
        this.txid = txid;
        this.vout = vout;
        this.accountId = accountId;
        this.address = address;
        this.amount = amount;
        this.confirmations = confirmations;
        this.credited = credited;
        this.created = created;
    }

    record Output(String txid, int vout) {
    }

    Output output() {
        return new Output(txid, vout);
    }
}
