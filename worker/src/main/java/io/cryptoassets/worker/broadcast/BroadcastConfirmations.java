package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.util.List;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Follows a sent broadcast on the chain by what the node knows of its txid
 * ({@link NodePort#status}): new confirmations go to its withdrawals with a {@code TxUpdate}
 * each, and a fee the node reports late is charged once. A transaction that can no longer
 * confirm (conflicted, replaced), that the node no longer holds (dropped, forgotten) or that
 * stays unconfirmed too long is handed to {@link SentTracking}; its confirmations are never
 * counted down to 0 for it, so no {@code TxUpdate} says a conflicted payment is merely unconfirmed.
 */
@Component
public class BroadcastConfirmations {

    private static final String UPDATE_CONFIRMATIONS = """
            UPDATE %s.network_transaction
            SET confirmations = :confirmations, updated_at = now()
            WHERE id = :id AND confirmations <> :confirmations
            """;

    private static final String UPDATE_MEMBERS = """
            UPDATE %s.transaction
            SET confirmations = :confirmations, updated_at = now()
            WHERE network_transaction_id = :id
            RETURNING id, account_id, address, amount, type
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final BroadcastEvents events;
    private final NetworkFees fees;
    private final BroadcastStore store;
    private final SentTracking tracking;

    BroadcastConfirmations(JdbcClient jdbc, SerializableTransactions transactions, BroadcastEvents events,
                           NetworkFees fees, BroadcastStore store, SentTracking tracking) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.fees = fees;
        this.store = store;
        this.tracking = tracking;
    }

    /**
     * Asks the node about sent broadcast {@code id} and applies the answer.
     *
     * @param height the node's block count, asked at most once per polling round by the caller
     * @throws io.cryptoassets.worker.chain.NodeCallFailedException when the node could not say
     */
    public void follow(AssetProperties asset, NodePort node, long id, String txid, LongSupplier height) {
        BroadcastStatus status = node.status(txid);
        switch (status.state()) {
            case CONFIRMED -> confirmations(asset, id, txid, status);
            case IN_MEMPOOL -> {
                confirmations(asset, id, txid, status);
                tracking.checkStuck(asset, id, txid, height);
            }
            case CONFLICTED -> tracking.conflicted(asset, id, txid, status);
            case DROPPED, UNKNOWN -> {
                tracking.dropped(asset, node, id, txid, status);
                tracking.checkStuck(asset, id, txid, height);
            }
        }
    }

    private void confirmations(AssetProperties asset, long id, String txid, BroadcastStatus status) {
        String schema = asset.schemaName().value();
        transactions.inTransaction("broadcast confirmations", s -> {
            fees.charge(asset, id, status.fee());
            tracking.heldAgain(asset, id);
            int changed = jdbc.sql(UPDATE_CONFIRMATIONS.formatted(schema)).param("id", id)
                    .param("confirmations", status.confirmations()).update();
            if (changed == 0) {
                return false;
            }
            List<BroadcastMember> members = jdbc.sql(UPDATE_MEMBERS.formatted(schema)).param("id", id)
                    .param("confirmations", status.confirmations())
                    .query(BroadcastMember.ROWS).list();
            events.broadcasted(asset, members, txid, store.fee(asset, id), status.confirmations());
            return true;
        });
    }
}
