package io.cryptoassets.worker.account;

import java.math.BigInteger;

/**
 * The sums of a statement. {@code opening + credits - debits = closing} holds for a ledger whose
 * entries are intact; the command prints whether it does.
 *
 * @param opening the balance just before the period
 * @param closing the balance after the period's last entry (the opening one when there is none)
 */
public record StatementTotals(BigInteger opening, BigInteger credits, BigInteger debits, BigInteger closing,
                              long entries) {

    /** Whether the entries add up from the opening to the closing balance. */
    public boolean addsUp() {
        return opening.add(credits).subtract(debits).equals(closing);
    }
}
