package io.cryptoassets.worker.ledger;

import java.math.BigInteger;

/**
 * An account's balance together with its event sequence at the same point, so a client can line
 * the balance up with the account's {@code TxUpdate}s: the update with this sequence carries this
 * balance, and updates with a higher one come after it.
 *
 * @param sequence  0 while the account has had no update
 * @param available the balance less what the account's open holds reserve, at the same point
 */
public record AccountBalance(BigInteger balance, long sequence, BigInteger available) {
}
