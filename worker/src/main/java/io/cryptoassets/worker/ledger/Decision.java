package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;
import java.util.List;

/** What the ledger decided for one request. Business outcomes are data, never exceptions. */
public sealed interface Decision {

    /** The account the result is about (the request's, or the owner of a deposit's address), if known. */
    String accountId();

    /**
     * @param transaction the transaction created or updated, if any
     * @param address     the address registered, for CreateAddress
     * @param balance     the account's balance and sequence right after the request, when it changed
     *                    the balance (or asked for it); otherwise null
     * @param legs        for a transfer with legs, each leg's transaction in the order of the legs
     *                    ({@code transaction} is the first); otherwise null
     */
    record Accepted(String accountId, TransactionRef transaction, String address, AccountBalance balance,
                    List<TransactionRef> legs) implements Decision {

        public Accepted(String accountId, TransactionRef transaction, String address) {
            this(accountId, transaction, address, null, null);
        }

        public Accepted(String accountId, TransactionRef transaction, String address, AccountBalance balance) {
            this(accountId, transaction, address, balance, null);
        }

        /** The legs' transaction ids once allocated, or null when the request had no legs. */
        public List<Long> transactionIds() {
            return legs == null ? null : legs.stream().map(TransactionRef::id).toList();
        }
    }

    /** @param limit for LIMIT_EXCEEDED, the limit exceeded; otherwise null */
    record Rejected(String accountId, ReasonCode reason, String detail, PolicyLimit limit) implements Decision {

        public Rejected(String accountId, ReasonCode reason, String detail) {
            this(accountId, reason, detail, null);
        }
    }
}
