package io.cryptoassets.worker.coldwallet;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the worker knows of an asset's cold storage, whose keys it never holds: the sweeps it sent
 * there, and the top-ups operators recorded back to the hot wallet. Its holdings are the sent
 * sweeps' amounts less the top-ups. A sweep counts as cold from the moment it is {@code sent}
 * (the node has it, so the hot wallet's balance no longer does), confirmed or not; a sweep
 * signed and not yet sent is still in the hot wallet's balance and not counted here, so no coin
 * is counted twice.
 */
@Component
public class ColdWallet {

    static final String SENT_SWEEPS = """
            SELECT coalesce(sum(t.amount), 0)
            FROM %1$s.network_transaction n
            JOIN %1$s.transaction t ON t.network_transaction_id = n.id AND t.type = 'sweep'
            WHERE n.kind = 'sweep' AND n.state = 'sent'
            """;

    private static final String HOLDINGS = """
            SELECT (%s) - (SELECT coalesce(sum(amount), 0) FROM %s.cold_topup)
            """;

    private static final String SWEEPS = """
            SELECT n.id, n.state, n.txid, n.fee, n.confirmations, n.created_at, n.sent_at, t.address, t.amount
            FROM %1$s.network_transaction n
            JOIN %1$s.transaction t ON t.network_transaction_id = n.id AND t.type = 'sweep'
            WHERE n.kind = 'sweep'
            ORDER BY n.id DESC
            LIMIT :limit
            """;

    private static final String TOPUPS = """
            SELECT id, amount, txid, recorded_by, created_at
            FROM %s.cold_topup
            ORDER BY id DESC
            LIMIT :limit
            """;

    private static final String RECORD_TOPUP = """
            INSERT INTO %s.cold_topup (amount, txid, recorded_by)
            VALUES (CAST(:amount AS numeric), :txid, :by)
            RETURNING id
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;

    ColdWallet(JdbcClient jdbc, SerializableTransactions transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Sent sweeps less recorded top-ups, in the caller's transaction if there is one. */
    public BigInteger holdings(AssetProperties asset) {
        String schema = asset.schemaName().value();
        return jdbc.sql(HOLDINGS.formatted(SENT_SWEEPS.formatted(schema), schema)).query(BigDecimal.class).single()
                .toBigIntegerExact();
    }

    /** A sweep as an operator sees it; {@code state} is its broadcast's. */
    public record Sweep(long id, String state, String txid, BigInteger amount, String address, BigInteger fee,
                        int confirmations, OffsetDateTime createdAt, OffsetDateTime sentAt) {
    }

    public record Topup(long id, BigInteger amount, String txid, String recordedBy, OffsetDateTime createdAt) {
    }

    /** The newest {@code limit} sweeps, whatever their state. */
    public List<Sweep> sweeps(AssetProperties asset, int limit) {
        return jdbc.sql(SWEEPS.formatted(asset.schemaName().value())).param("limit", limit)
                .query((rs, row) -> new Sweep(rs.getLong("id"), rs.getString("state"), rs.getString("txid"),
                        integer(rs.getBigDecimal("amount")), rs.getString("address"), integer(rs.getBigDecimal("fee")),
                        rs.getInt("confirmations"), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("sent_at", OffsetDateTime.class)))
                .list();
    }

    public List<Topup> topups(AssetProperties asset, int limit) {
        return jdbc.sql(TOPUPS.formatted(asset.schemaName().value())).param("limit", limit)
                .query((rs, row) -> new Topup(rs.getLong("id"), integer(rs.getBigDecimal("amount")),
                        rs.getString("txid"), rs.getString("recorded_by"),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
    }

    /**
     * Records that an operator moved {@code amount} from cold storage to the hot wallet; refused
     * (the holdings are returned instead of an id) when it is more than the cold holdings, which
     * would make them negative: coins the worker never sent there cannot come back from there.
     */
    public TopupOutcome recordTopup(AssetProperties asset, BigInteger amount, String txid, String by) {
        if (amount.signum() < 1) {
            throw new IllegalArgumentException("a top-up amount must be at least 1");
        }
        return transactions.inTransaction("record cold top-up", s -> {
            BigInteger held = holdings(asset);
            if (amount.compareTo(held) > 0) {
                return new TopupOutcome.MoreThanHeld(held);
            }
            long id = jdbc.sql(RECORD_TOPUP.formatted(asset.schemaName().value())).param("amount", amount.toString())
                    .param("txid", txid).param("by", by).query(Long.class).single();
            return new TopupOutcome.Recorded(id, held.subtract(amount));
        });
    }

    /** What {@link #recordTopup} did. */
    public sealed interface TopupOutcome {
        record Recorded(long id, BigInteger holdingsAfter) implements TopupOutcome {
        }

        record MoreThanHeld(BigInteger holdings) implements TopupOutcome {
        }
    }

    private static BigInteger integer(BigDecimal value) {
        return value == null ? null : value.toBigIntegerExact();
    }
}
