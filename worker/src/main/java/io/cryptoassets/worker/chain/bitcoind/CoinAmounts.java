package io.cryptoassets.worker.chain.bitcoind;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Converts between the node's amounts (decimal coins, e.g. {@code 0.00000001} BTC) and the
 * port's amounts (integers in the smallest unit, e.g. 1 satoshi).
 *
 * <p>Conversion is exact or fails: an amount with more fractional digits than the asset has is an
 * error, never rounded, because a rounded amount would make the ledger disagree with the chain.
 */
final class CoinAmounts {

    private final int decimals;

    CoinAmounts(int decimals) {
        if (decimals < 0 || decimals > 30) {
            throw new IllegalArgumentException("decimals must be between 0 and 30, was " + decimals);
        }
        this.decimals = decimals;
    }

    int decimals() {
        return decimals;
    }

    /**
     * The amount in the smallest unit.
     *
     * @throws IllegalArgumentException when the amount has more fractional digits than the asset
     */
    BigInteger toSmallestUnit(BigDecimal coins) {
        BigDecimal units = coins.movePointRight(decimals);
        try {
            return units.toBigIntegerExact();
        } catch (ArithmeticException notWhole) {
            throw new IllegalArgumentException(
                    "amount " + coins.toPlainString() + " has more than " + decimals + " decimals", notWhole);
        }
    }

    /**
     * The amount in coins, with no trailing zeros and never in exponent form once written with
     * {@code toPlainString} or a plain-writing JSON generator: 1 satoshi is {@code 0.00000001},
     * not {@code 1E-8}, and 100 BTC is {@code 100}, not {@code 1E+2}.
     */
    BigDecimal toCoins(BigInteger units) {
        BigDecimal coins = new BigDecimal(units, decimals).stripTrailingZeros();
        return coins.scale() < 0 ? coins.setScale(0) : coins;
    }
}
