package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.HotWalletProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds the hot wallet within {@code hot-wallet.max} and {@code min}, at the start of each
 * broadcast round of an asset that has either: above max a sweep to cold storage
 * ({@link ColdSweeps}), below min {@code HOT_WALLET_LOW} ({@link HotWalletLow}). A node that does
 * not answer skips the check; the withdrawals of the round go on regardless.
 */
@Component
class HotWalletBounds {

    private static final Logger log = LoggerFactory.getLogger(HotWalletBounds.class);

    private final HotWallet wallet;
    private final ColdSweeps sweeps;
    private final HotWalletLow low;

    HotWalletBounds(HotWallet wallet, ColdSweeps sweeps, HotWalletLow low) {
        this.wallet = wallet;
        this.sweeps = sweeps;
        this.low = low;
    }

    /** @return true when it created a sweep, which the round then sends */
    boolean check(AssetProperties asset, NodePort node) {
        HotWalletProperties bounds = asset.hotWallet();
        if (bounds.max() == null && bounds.min() == null) {
            return false;
        }
        HotWallet.Reading reading;
        try {
            reading = wallet.read(asset, node);
        } catch (NodeCallFailedException e) {
            log.debug("{}: hot wallet balance unknown this round: {}", asset.code(), e.getMessage());
            return false;
        }
        low.check(asset, reading);
        return sweeps.sweepIfAbove(asset, reading).isPresent();
    }
}
