package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an operator does about broadcasts: list them, and resolve a broken one, either by
 * recording the txid under which it reached the chain, or by declaring it not sent, which
 * releases its withdrawals into a new broadcast. Only a broken broadcast (open longer than
 * {@code broken-after}) can be resolved, and only once.
 */
@Component
public class BroadcastAdministration {

    private static final Pattern TXID = Pattern.compile("[0-9a-f]{64}");

    private static final String LIST = """
            SELECT n.id, n.opened_at, n.closed_at, n.txid, n.resolution, n.fee, n.confirmations, n.send_attempts,
                   n.last_error,
                   n.opened_at IS NOT NULL AND n.closed_at IS NULL
                       AND n.opened_at < now() - make_interval(secs => :brokenAfterSeconds) AS broken,
                   count(t.id) AS withdrawals, coalesce(sum(t.amount), 0) AS total
            FROM %1$s.network_transaction AS n
            LEFT JOIN %1$s.transaction AS t ON t.network_transaction_id = n.id
            WHERE n.type = 'broadcast'
            GROUP BY n.id
            ORDER BY n.id DESC
            LIMIT :limit
            """;

    private static final String LOCK = """
            SELECT opened_at, closed_at, coalesce(resolution, '') AS resolution, coalesce(txid, '') AS txid,
                   opened_at < now() - make_interval(secs => :brokenAfterSeconds) AS broken
            FROM %s.network_transaction
            WHERE id = :id AND type = 'broadcast'
            FOR UPDATE
            """;

    private static final String CLOSE_NOT_SENT = """
            UPDATE %s.network_transaction
            SET closed_at = now(), state = 'dissolved', resolution = 'not-sent', resolved_at = now(), updated_at = now()
            WHERE id = :id AND opened_at IS NOT NULL AND closed_at IS NULL
            """;

    private static final String RELEASE_WITHDRAWALS = """
            UPDATE %s.transaction
            SET network_transaction_id = NULL, updated_at = now()
            WHERE network_transaction_id = :id
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final BroadcastStore store;
    private final BroadcastEvents events;
    private final ChainProperties properties;

    BroadcastAdministration(JdbcClient jdbc, SerializableTransactions transactions, BroadcastStore store,
                            BroadcastEvents events, ChainProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.store = store;
        this.events = events;
        this.properties = properties;
    }

    /** The newest {@code limit} broadcasts, or only the broken ones. */
    public List<BroadcastView> list(AssetProperties asset, boolean brokenOnly, int limit) {
        List<BroadcastView> all = jdbc.sql(LIST.formatted(asset.schemaName().value()))
                .param("brokenAfterSeconds", brokenAfterSeconds()).param("limit", brokenOnly ? Integer.MAX_VALUE : limit)
                .query((rs, row) -> new BroadcastView(rs.getLong("id"), state(rs.getObject("opened_at"),
                        rs.getObject("closed_at"), rs.getString("resolution"), rs.getBoolean("broken")),
                        rs.getObject("opened_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
                        rs.getString("txid"), rs.getInt("withdrawals"), rs.getBigDecimal("total").toBigIntegerExact(),
                        rs.getBigDecimal("fee") == null ? null : rs.getBigDecimal("fee").toBigIntegerExact(),
                        rs.getInt("confirmations"), rs.getInt("send_attempts"), rs.getString("last_error")))
                .list();
        return brokenOnly ? all.stream().filter(b -> b.state().equals("broken")).limit(limit).toList() : all;
    }

    /** Records that broken broadcast {@code id} reached the chain as {@code txid}. */
    public int resolveSent(AssetProperties asset, long id, String txid) {
        if (txid == null || !TXID.matcher(txid).matches()) {
            throw new BroadcastRefused("txid must be 64 lowercase hexadecimal characters");
        }
        int withdrawals = transactions.inTransaction("resolve broadcast as sent", s -> {
            requireBroken(asset, id);
            List<BroadcastMember> members = store.close(asset, id, txid, null, "txid")
                    .orElseThrow(() -> new BroadcastRefused("broadcast " + id + " was closed meanwhile"));
            events.broadcasted(asset, members, txid, null, 0);
            return members.size();
        });
        return withdrawals;
    }

    /** Declares broken broadcast {@code id} not sent; its withdrawals will be sent in a new broadcast. */
    public int resolveNotSent(AssetProperties asset, long id) {
        return transactions.inTransaction("resolve broadcast as not sent", s -> {
            requireBroken(asset, id);
            String schema = asset.schemaName().value();
            if (jdbc.sql(CLOSE_NOT_SENT.formatted(schema)).param("id", id).update() != 1) {
                throw new BroadcastRefused("broadcast " + id + " was closed meanwhile");
            }
            return jdbc.sql(RELEASE_WITHDRAWALS.formatted(schema)).param("id", id).update();
        });
    }

    private void requireBroken(AssetProperties asset, long id) {
        List<Object[]> rows = jdbc.sql(LOCK.formatted(asset.schemaName().value()))
                .param("id", id).param("brokenAfterSeconds", brokenAfterSeconds())
                .query((rs, row) -> new Object[] {rs.getObject("opened_at"), rs.getObject("closed_at"),
                        rs.getString("resolution"), rs.getString("txid"), rs.getBoolean("broken")})
                .list();
        if (rows.isEmpty()) {
            throw new BroadcastRefused(asset.code() + " has no broadcast " + id);
        }
        Object[] row = rows.get(0);
        if (row[1] != null) {
            throw new BroadcastRefused("broadcast " + id + " is already closed"
                    + (((String) row[2]).isEmpty() ? " by the worker, sent as " + row[3]
                    : ", resolved as " + row[2] + (((String) row[3]).isEmpty() ? "" : " " + row[3])));
        }
        if (row[0] == null) {
            throw new BroadcastRefused("broadcast " + id + " was never opened, so nothing was sent; the worker sends it");
        }
        if (!(Boolean) row[4]) {
            throw new BroadcastRefused("broadcast " + id + " was opened at " + row[0] + " and may still be in flight; "
                    + "it can be resolved once broken-after (" + properties.brokenAfter() + ") has passed");
        }
    }

    private static String state(Object openedAt, Object closedAt, String resolution, boolean broken) {
        if (closedAt != null) {
            return resolution == null ? "sent" : "resolved-" + resolution;
        }
        if (openedAt == null) {
            return "unopened";
        }
        return broken ? "broken" : "open";
    }

    private double brokenAfterSeconds() {
        return properties.brokenAfter().toMillis() / 1000.0;
    }
}
