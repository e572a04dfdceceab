package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.txupdate.TxState;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

/**
 * A hold as one batch sees it: loaded by its account and hold id, or placed in this batch. It has
 * no ledger entry; while {@code held} its amount is part of its account's {@link Account#held}.
 */
final class Hold {

    /** How a hold is named: by the client, per account. */
    record Key(String accountId, String holdId) {
    }

    final TransactionRef ref;
    final String accountId;
    final String holdId;
    final BigInteger amount;
    /** When the worker releases it if nothing settled it before; null for never. */
    final Instant expiresAt;
    final UUID requestId;
    final String label;
    /** Placed in this batch: inserted with its last state rather than updated. */
    final boolean created;
    TxState state;
    /** For a captured hold, what the capture paid, and the transaction that paid it. */
    BigInteger capturedAmount;
    TransactionRef settledBy;

    Hold(TransactionRef ref, String accountId, String holdId, BigInteger amount, Instant expiresAt, UUID requestId,
         String label, boolean created, TxState state) {
        this.ref = ref;
        this.accountId = accountId;
        this.holdId = holdId;
        this.amount = amount;
        this.expiresAt = expiresAt;
        this.requestId = requestId;
        this.label = label;
        this.created = created;
        this.state = state;
    }

    Key key() {
        return new Key(accountId, holdId);
    }

    boolean open() {
        return state == TxState.HELD;
    }

    /** Whether its expiry has come at {@code now}: from then on it can only expire. */
    boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
