package io.cryptoassets.worker.account;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One account as {@code accounts show} prints it.
 *
 * @param balance         the balance now, or at {@code at}: the last entry's balance then
 * @param held            what the account's open holds reserved now, or at {@code at}; the
 *                        available balance is {@code balance - held}
 * @param openHolds       the holds open now, or at {@code at}, oldest first
 * @param at              the point in time asked for, or null for now
 * @param unsentCount     withdrawals debited and not sent yet (pending or awaiting approval), now
 * @param unsentAmount    what they pay
 * @param entryCount      entries up to {@code at} (or all)
 * @param lastEntries     the newest entries up to {@code at}, newest first
 */
public record AccountSummary(String asset, String accountId, String name, boolean networkFee, OffsetDateTime openedAt,
                             BigInteger balance, OffsetDateTime at, long unsentCount, BigInteger unsentAmount,
                             long entryCount, List<StatementLine> lastEntries, BigInteger held,
                             List<OpenHold> openHolds) {

    public BigInteger available() {
        return balance.subtract(held);
    }
}
