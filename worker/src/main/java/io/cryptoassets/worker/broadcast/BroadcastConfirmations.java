package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Follows a sent broadcast on the chain: new confirmations go to its withdrawals with a
 * {@code TxUpdate} each, and a fee the node reports late is charged once.
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
            RETURNING id, account_id, address, amount
            """;

    private static final String FEE = """
            SELECT fee FROM %s.network_transaction WHERE id = :id
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final BroadcastEvents events;
    private final NetworkFees fees;

    BroadcastConfirmations(JdbcClient jdbc, SerializableTransactions transactions, BroadcastEvents events,
                           NetworkFees fees) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.fees = fees;
    }

    /** Applies what the node said of broadcast {@code id}; returns true when anything changed. */
    public boolean update(AssetProperties asset, long id, NodeTransaction seen) {
        String schema = asset.schemaName().value();
        return transactions.inTransaction("broadcast confirmations", s -> {
            fees.charge(asset, id, seen.fee());
            int changed = jdbc.sql(UPDATE_CONFIRMATIONS.formatted(schema)).param("id", id)
                    .param("confirmations", seen.confirmations()).update();
            if (changed == 0) {
                return false;
            }
            List<BroadcastMember> members = jdbc.sql(UPDATE_MEMBERS.formatted(schema)).param("id", id)
                    .param("confirmations", seen.confirmations())
                    .query((rs, row) -> new BroadcastMember(rs.getLong("id"), rs.getString("account_id"),
                            rs.getString("address"), rs.getBigDecimal("amount").toBigIntegerExact()))
                    .list();
            BigInteger fee = jdbc.sql(FEE.formatted(schema)).param("id", id)
                    .query((rs, row) -> Optional.ofNullable(rs.getBigDecimal("fee")).map(BigDecimal::toBigIntegerExact))
                    .single().orElse(null);
            events.broadcasted(asset, members, seen.txid(), fee, seen.confirmations());
            return true;
        });
    }
}
