package io.cryptoassets.worker.ledger;

/**
 * A ledger transaction's id, which for a transaction created in this batch is only known once
 * the batch's ids are allocated, after every decision is made.
 */
public final class TransactionRef {

    private long id;

    private TransactionRef(long id) {
        this.id = id;
    }

    public static TransactionRef existing(long id) {
        return new TransactionRef(id);
    }

    static TransactionRef unassigned() {
        return new TransactionRef(0);
    }

    void assign(long allocated) {
        if (id != 0) {
            throw new IllegalStateException("transaction id already assigned: " + id);
        }
        id = allocated;
    }

    public long id() {
        if (id == 0) {
            throw new IllegalStateException("transaction id not allocated yet");
        }
        return id;
    }
}
