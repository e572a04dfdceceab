package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an operator does about broadcasts: list them, and resolve one the worker cannot settle by
 * itself, either by recording the txid under which it reached the chain, or by declaring it not
 * sent, which dissolves it and releases its withdrawals into a new broadcast. Resolvable, once:
 * a {@code broken} broadcast (a sendmany call whose outcome is unknown, or a signed transaction
 * whose inputs another transaction spent), and a {@code signed} one the node kept refusing until
 * BROKEN_BROADCAST was raised.
 *
 * <p>A sweep to cold storage is resolved the same way; declared not sent, its output fails instead
 * of being released (the next round decides anew what to sweep).
 *
 * <p>A signed broadcast declared not sent gets its charged fee back, and its inputs are no longer
 * counted as recorded, so the next signer unlocks them in the wallet.
 */
@Component
public class BroadcastAdministration {

    private static final Pattern TXID = Pattern.compile("[0-9a-f]{64}");

    private static final String LIST = """
            SELECT n.id, n.kind, n.state, n.resolution, n.opened_at, n.closed_at, n.txid, n.fee, n.confirmations,
                   n.send_attempts, n.last_error, n.broken_alerted_at IS NOT NULL AS alerted,
                   count(t.id) AS withdrawals, coalesce(sum(t.amount), 0) AS total
            FROM %1$s.network_transaction AS n
            LEFT JOIN %1$s.transaction AS t ON t.network_transaction_id = n.id
            WHERE n.type = 'broadcast'
              AND (NOT :brokenOnly OR n.state = 'broken' OR (n.state = 'signed' AND n.broken_alerted_at IS NOT NULL))
            GROUP BY n.id
            ORDER BY n.id DESC
            LIMIT :limit
            """;

    private static final String LOCK = """
            SELECT state, coalesce(resolution, '') AS resolution, coalesce(txid, '') AS txid, opened_at,
                   broken_alerted_at IS NOT NULL AS alerted, coalesce(next_attempt_at > now(), false) AS leased,
                   next_attempt_at
            FROM %s.network_transaction
            WHERE id = :id AND type = 'broadcast'
            FOR UPDATE
            """;

    private static final String DISSOLVE_NOT_SENT = """
            UPDATE %s.network_transaction
            SET state = 'dissolved', closed_at = now(), resolution = 'not-sent', resolved_at = now(),
                next_attempt_at = NULL, updated_at = now()
            WHERE id = :id AND state IN ('broken', 'signed')
            """;

    private static final String RELEASE_WITHDRAWALS = """
            UPDATE %s.transaction
            SET network_transaction_id = NULL, updated_at = now()
            WHERE network_transaction_id = :id AND type = 'broadcast'
            """;

    /** A sweep is not sent again: the next broadcast round decides anew from the wallet's balance. */
    private static final String FAIL_SWEEP_OUTPUT = """
            UPDATE %s.transaction
            SET state = 'failed', updated_at = now()
            WHERE network_transaction_id = :id AND type = 'sweep' AND state = 'pending'
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final BroadcastStore store;
    private final BroadcastEvents events;
    private final NetworkFees fees;
    private final ColdSweeps sweeps;
    private final ChainProperties properties;

    BroadcastAdministration(JdbcClient jdbc, SerializableTransactions transactions, BroadcastStore store,
                            BroadcastEvents events, NetworkFees fees, ColdSweeps sweeps, ChainProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.store = store;
        this.events = events;
        this.fees = fees;
        this.sweeps = sweeps;
        this.properties = properties;
    }

    /** The newest {@code limit} broadcasts, or only those waiting for an operator. */
    public List<BroadcastView> list(AssetProperties asset, boolean brokenOnly, int limit) {
        return jdbc.sql(LIST.formatted(asset.schemaName().value()))
                .param("brokenOnly", brokenOnly).param("limit", limit)
                .query((rs, row) -> new BroadcastView(rs.getLong("id"), rs.getString("kind"),
                        shown(rs.getString("state"), rs.getString("resolution"), rs.getBoolean("alerted")),
                        rs.getObject("opened_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
                        rs.getString("txid"), rs.getInt("withdrawals"), rs.getBigDecimal("total").toBigIntegerExact(),
                        rs.getBigDecimal("fee") == null ? null : rs.getBigDecimal("fee").toBigIntegerExact(),
                        rs.getInt("confirmations"), rs.getInt("send_attempts"), rs.getString("last_error")))
                .list();
    }

    /** Records that broadcast {@code id} reached the chain as {@code txid}. */
    public int resolveSent(AssetProperties asset, long id, String txid) {
        if (txid == null || !TXID.matcher(txid).matches()) {
            throw new BroadcastRefused("txid must be 64 lowercase hexadecimal characters");
        }
        return transactions.inTransaction("resolve broadcast as sent", s -> {
            requireResolvable(asset, id, false);
            List<BroadcastMember> members = store.markSent(asset, id, txid, List.of("broken", "signed"), null, null, "txid")
                    .orElseThrow(() -> new BroadcastRefused("broadcast " + id + " was closed meanwhile"));
            events.broadcasted(asset, members, txid, store.fee(asset, id), 0);
            sweeps.announceIfSweep(asset, id, txid, members);
            return members.size();
        });
    }

    /** Declares broadcast {@code id} not sent; its withdrawals will be sent in a new broadcast. */
    public int resolveNotSent(AssetProperties asset, long id) {
        return transactions.inTransaction("resolve broadcast as not sent", s -> {
            requireResolvable(asset, id, true);
            String schema = asset.schemaName().value();
            if (jdbc.sql(DISSOLVE_NOT_SENT.formatted(schema)).param("id", id).update() != 1) {
                throw new BroadcastRefused("broadcast " + id + " was closed meanwhile");
            }
            fees.reverse(asset, id);
            jdbc.sql(FAIL_SWEEP_OUTPUT.formatted(schema)).param("id", id).update();
            return jdbc.sql(RELEASE_WITHDRAWALS.formatted(schema)).param("id", id).update();
        });
    }

    private void requireResolvable(AssetProperties asset, long id, boolean notSent) {
        Optional<Row> found = jdbc.sql(LOCK.formatted(asset.schemaName().value())).param("id", id)
                .query((rs, row) -> new Row(rs.getString("state"), rs.getString("resolution"), rs.getString("txid"),
                        rs.getObject("opened_at", OffsetDateTime.class), rs.getBoolean("alerted"),
                        rs.getBoolean("leased"), rs.getObject("next_attempt_at", OffsetDateTime.class)))
                .optional();
        Row row = found.orElseThrow(() -> new BroadcastRefused(asset.code() + " has no broadcast " + id));
        switch (row.state()) {
            case "sent", "dissolved" -> throw new BroadcastRefused("broadcast " + id + " is already closed"
                    + (row.resolution().isEmpty()
                    ? ("sent".equals(row.state()) ? " by the worker, sent as " + row.txid()
                    : ": dissolved by the worker (its withdrawals ended or moved to other broadcasts)")
                    : ", resolved as " + row.resolution() + (row.txid().isEmpty() ? "" : " " + row.txid())));
            case "grouped", "signing" -> throw new BroadcastRefused("broadcast " + id
                    + " was never sent; the worker sends it");
            case "opened" -> throw new BroadcastRefused("broadcast " + id + " was opened at " + row.openedAt()
                    + " and may still be in flight; it can be resolved once broken-after (" + properties.brokenAfter()
                    + ") has passed");
            case "signed" -> {
                if (!row.alerted()) {
                    throw new BroadcastRefused("broadcast " + id + " is signed as " + row.txid() + "; the worker "
                            + "settles it with the node by itself");
                }
                if (notSent && row.leased()) {
                    throw new BroadcastRefused("broadcast " + id + " is being sent by a worker right now; try again "
                            + "after " + row.nextAttemptAt());
                }
            }
            default -> {
                // broken: what it is for
            }
        }
    }

    private static String shown(String state, String resolution, boolean alerted) {
        if (resolution != null) {
            return state + "/resolved";
        }
        return "signed".equals(state) && alerted ? "signed/refused" : state;
    }

    private record Row(String state, String resolution, String txid, OffsetDateTime openedAt, boolean alerted,
                       boolean leased, OffsetDateTime nextAttemptAt) {
    }
}
