package io.cryptoassets.worker.asset;

import java.math.BigInteger;
import java.util.List;

/**
 * The hot wallet's bounds ({@code cryptoassets.assets.<code>.hot-wallet.*}). Above {@code max}
 * (net of withdrawals waiting) the worker sweeps the excess down to {@code target} to one of the
 * {@code coldAddresses}, whose keys are not on the node; below {@code min} it raises
 * {@code HOT_WALLET_LOW}. A bound left out is not watched.
 *
 * @param max           sweep to cold storage above this
 * @param min           alert below this
 * @param target        what a sweep leaves in the hot wallet; defaults to halfway between
 *                      {@code min} (or 0) and {@code max}
 * @param coldAddresses cold-storage destinations, used in turn; required with {@code max}
 */
public record HotWalletProperties(BigInteger max, BigInteger min, BigInteger target, List<String> coldAddresses) {

    public HotWalletProperties {
        coldAddresses = coldAddresses == null ? List.of() : List.copyOf(coldAddresses);
        if (max != null && max.signum() < 1) {
            throw new IllegalArgumentException("hot-wallet.max must be at least 1");
        }
        if (min != null && min.signum() < 0) {
            throw new IllegalArgumentException("hot-wallet.min must not be negative");
        }
        if (max != null && min != null && min.compareTo(max) >= 0) {
            throw new IllegalArgumentException("hot-wallet.min must be below hot-wallet.max");
        }
        if (max != null && coldAddresses.isEmpty()) {
            throw new IllegalArgumentException("hot-wallet.max needs at least one hot-wallet.cold-addresses entry");
        }
        if (target == null && max != null) {
            BigInteger floor = min == null ? BigInteger.ZERO : min;
            target = floor.add(max.subtract(floor).shiftRight(1));
        }
        if (target != null && max != null && (target.compareTo(max) >= 0
                || (min != null && target.compareTo(min) < 0) || target.signum() < 0)) {
            throw new IllegalArgumentException("hot-wallet.target must be at least hot-wallet.min and below hot-wallet.max");
        }
    }

    /** No bounds. */
    public static HotWalletProperties none() {
        return new HotWalletProperties(null, null, null, null);
    }
}
