package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;

/** What the ledger decided for one request. Business outcomes are data, never exceptions. */
public sealed interface Decision {

    /** The account the result is about (the request's, or the owner of a deposit's address), if known. */
    String accountId();

    /**
     * @param transaction the transaction created or updated, if any
     * @param address     the address registered, for CreateAddress
     * @param balance     the account's balance and sequence right after the request, when it changed
     *                    the balance (or asked for it); otherwise null
     */
    record Accepted(String accountId, TransactionRef transaction, String address, AccountBalance balance)
            implements Decision {

        public Accepted(String accountId, TransactionRef transaction, String address) {
            this(accountId, transaction, address, null);
        }
    }

    /** @param limit for LIMIT_EXCEEDED, the limit exceeded; otherwise null */
    record Rejected(String accountId, ReasonCode reason, String detail, PolicyLimit limit) implements Decision {

        public Rejected(String accountId, ReasonCode reason, String detail) {
            this(accountId, reason, detail, null);
        }
    }
}
