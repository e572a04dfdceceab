package io.cryptoassets.worker.ledger;

import java.math.BigInteger;

/** One balance change: signed amount and the account's balance after it. */
record LedgerEntry(String accountId, TransactionRef transaction, BigInteger amount, BigInteger balanceAfter) {
}
