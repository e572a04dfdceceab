package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SignedTransaction;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Signs one grouped broadcast and records it before anything leaves, then has it settled:
 * <ol>
 *   <li>a {@code signing} claim left by a signer that stopped is given back after signing-timeout;</li>
 *   <li>one broadcast is claimed for signing (one signer per asset at a time);</li>
 *   <li>outside any transaction, wallet inputs locked by no recorded transaction are unlocked:
 *       only a stopped signer can have left them, since this worker is the only signer;</li>
 *   <li>the node builds and signs it, locking its inputs;</li>
 *   <li>txid, bytes, inputs and fee are recorded (the fee charged) in one transaction, if the
 *       claim still holds; otherwise the inputs it locked are unlocked and nothing else happens;</li>
 *   <li>the recorded transaction is settled at once ({@link Settler}).</li>
 * </ol>
 * A refusal goes to {@link RefusalDecisions}. A crash anywhere before the record leaves nothing
 * on the network; one after it leaves a recorded transaction that any worker settles.
 */
@Component
class Signer {

    private static final Logger log = LoggerFactory.getLogger(Signer.class);

    private final BroadcastClaims claims;
    private final SignedRecords records;
    private final RefusalDecisions decisions;
    private final Settler settler;
    private final NetworkFees fees;
    private final SerializableTransactions transactions;
    private final ChainProperties properties;

    Signer(BroadcastClaims claims, SignedRecords records, RefusalDecisions decisions, Settler settler, NetworkFees fees,
           SerializableTransactions transactions, ChainProperties properties) {
        this.claims = claims;
        this.records = records;
        this.decisions = decisions;
        this.settler = settler;
        this.fees = fees;
        this.transactions = transactions;
        this.properties = properties;
    }

    /** Signs, records and sends one due broadcast; false when there was none to sign. */
    boolean signOne(AssetProperties asset, NodePort node) {
        for (long id : claims.reclaimStaleSigning(asset)) {
            log.warn("{} broadcast {}: its signer stopped for longer than {} before recording; it is signed again",
                    asset.code(), id, properties.signingTimeout());
        }
        Optional<Claim> claimed = claims.claimForSigning(asset);
        if (claimed.isEmpty()) {
            return false;
        }
        Claim claim = claimed.get();
        if (claim.members().isEmpty()) {
            return true; // dissolved: every withdrawal in it had ended
        }
        try {
            unlockOrphans(asset, node);
        } catch (RuntimeException e) {
            log.warn("{} broadcast {}: the wallet's locks could not be checked; it is tried again after {}",
                    asset.code(), claim.id(), properties.refusedRetryAfter(), e);
            decisions.release(asset, claim, "wallet locks not checked: " + e.getMessage());
            return false;
        }
        SignedTransaction signed;
        try {
            signed = node.sign(claim.outputs());
        } catch (NodeCallFailedException e) {
            if (e.concernsTheCall()) {
                decisions.decide(asset, claim, SendRefusal.of(e));
                return true;
            }
            log.warn("{} broadcast {}: the node could not be asked to sign it; it is tried again after {}: {}",
                    asset.code(), claim.id(), properties.refusedRetryAfter(), e.getMessage());
            decisions.release(asset, claim, "node not reached: " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // Nothing was recorded, so nothing can have been sent: any input it locked is an orphan the next claim unlocks.
            log.warn("{} broadcast {}: signing failed; it is tried again after {}", asset.code(), claim.id(),
                    properties.refusedRetryAfter(), e);
            decisions.release(asset, claim, "signing failed: " + e.getMessage());
            return false;
        }
        Optional<SignedBroadcast> recorded = transactions.inTransaction("record signed broadcast", s -> {
            Optional<SignedBroadcast> mine = records.record(asset, claim, signed, properties.signingTimeout());
            mine.ifPresent(b -> fees.charge(asset, b.id(), signed.fee()));
            return mine;
        });
        if (recorded.isEmpty()) {
            log.warn("{} broadcast {}: signed as {} after its claim was given to another signer; discarded",
                    asset.code(), claim.id(), signed.txid());
            unlockUnrecorded(asset, node, signed.inputs());
            return true;
        }
        log.info("{} broadcast {}: signed and recorded as {} (fee {}, {} withdrawals)", asset.code(), claim.id(),
                signed.txid(), signed.fee(), claim.members().size());
        settler.settle(asset, node, recorded.get());
        return true;
    }

    private void unlockOrphans(AssetProperties asset, NodePort node) {
        Set<Outpoint> locked = node.lockedInputs();
        if (locked.isEmpty()) {
            return;
        }
        List<Outpoint> orphans = new ArrayList<>(locked);
        orphans.removeAll(transactions.inTransaction("recorded inputs", s -> records.recordedAmong(asset, locked)));
        if (!orphans.isEmpty()) {
            log.warn("{}: unlocking {} wallet input(s) that no recorded transaction spends (left by a signer that "
                    + "stopped): {}", asset.code(), orphans.size(), orphans);
            node.unlock(orphans);
        }
    }

    private void unlockUnrecorded(AssetProperties asset, NodePort node, List<Outpoint> inputs) {
        try {
            List<Outpoint> unrecorded = new ArrayList<>(inputs);
            unrecorded.removeAll(transactions.inTransaction("recorded inputs", s -> records.recordedAmong(asset, inputs)));
            node.unlock(unrecorded);
        } catch (RuntimeException e) {
            log.warn("{}: inputs {} stay locked until the next signer unlocks them: {}", asset.code(), inputs,
                    e.getMessage());
        }
    }
}
