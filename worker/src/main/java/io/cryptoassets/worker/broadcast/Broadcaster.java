package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodePort;
import org.springframework.stereotype.Component;

/**
 * Sends pending withdrawals, and sweeps to cold storage, to the network, never twice. One round, per asset:
 * <ol>
 *   <li>the hot wallet is held within its bounds: a sweep of its excess is created, or
 *       HOT_WALLET_LOW raised ({@link HotWalletBounds}); a sweep is a broadcast like the others;</li>
 *   <li>waiting withdrawals are grouped into a broadcast;</li>
 *   <li>signed mode: a recorded transaction that is due is settled first ({@link Settler});
 *       otherwise one grouped broadcast is signed, recorded and sent ({@link Signer});</li>
 *   <li>sendmany mode: one grouped broadcast is sent in one call ({@link SendmanyRound}).</li>
 * </ol>
 * Each step is one serializable transaction, and nothing here waits or retries: work a round
 * leaves unfinished (a node that did not answer, a worker that stopped) is in the database, in a
 * state the next round of any worker picks up. Nothing catches {@link Error}: a worker dying
 * mid-round is one of the cases the states are made for.
 */
@Component
public class Broadcaster {

    private final HotWalletBounds bounds;
    private final BroadcastClaims claims;
    private final Settler settler;
    private final Signer signer;
    private final SendmanyRound sendmany;

    Broadcaster(HotWalletBounds bounds, BroadcastClaims claims, Settler settler, Signer signer, SendmanyRound sendmany) {
        this.bounds = bounds;
        this.claims = claims;
        this.settler = settler;
        this.signer = signer;
        this.sendmany = sendmany;
    }

    /**
     * Runs one round for {@code asset}.
     *
     * @return true when it did some work and more may be waiting, so the caller can go on at once
     */
    public boolean round(AssetProperties asset, NodePort node) {
        bounds.check(asset, node);
        claims.group(asset);
        if (asset.broadcastMode() == AssetProperties.BroadcastMode.SENDMANY) {
            return sendmany.sendOne(asset, node);
        }
        return settler.settleOneDue(asset, node) || signer.signOne(asset, node);
    }
}
