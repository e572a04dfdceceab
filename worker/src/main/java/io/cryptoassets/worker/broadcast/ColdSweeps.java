package io.cryptoassets.worker.broadcast;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.HotWalletProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sweeps of the hot wallet's excess to cold storage. A sweep is a {@code grouped} broadcast of
 * kind {@code sweep} with one member of type {@code sweep}, so the broadcaster signs, records,
 * sends and settles it exactly like withdrawals; it only differs where a customer would be
 * involved: no {@code TxUpdate}, no refund, and {@code COLD_SWEEP} when the node has it.
 *
 * <p>Created only when, in one serializable transaction: no sweep is live (the unique index
 * {@code network_transaction_one_live_sweep} stops two workers that raced past the check), no
 * sweep was created since the wallet's balance was read (it may not show in that balance), and
 * none was refused within refused-retry-after (a refusing node is not asked again each round).
 */
@Component
class ColdSweeps {

    private static final Logger log = LoggerFactory.getLogger(ColdSweeps.class);

    private static final String CREATE = """
            INSERT INTO %1$s.network_transaction (type, state, kind)
            SELECT 'broadcast', 'grouped', 'sweep'
            WHERE NOT EXISTS (SELECT 1 FROM %1$s.network_transaction WHERE kind = 'sweep' AND id > :lastSweep)
              AND NOT EXISTS (SELECT 1 FROM %1$s.network_transaction
                              WHERE kind = 'sweep' AND state = 'dissolved' AND resolution IS NULL
                                AND closed_at > now() - make_interval(secs => :pauseSeconds))
            RETURNING id
            """;

    /** Cold addresses are taken in turn: the n-th sweep ever made pays the (n mod size)-th. */
    private static final String SWEEPS_MADE = """
            SELECT count(*) FROM %s.network_transaction WHERE kind = 'sweep'
            """;

    private static final String OUTPUT = """
            INSERT INTO %1$s.transaction (type, state, account_id, address, amount, network_transaction_id, label)
            SELECT 'sweep', 'pending', account_id, :address, CAST(:amount AS numeric), :sweep, 'cold sweep'
            FROM %1$s.account
            WHERE is_network_fee
            """;

    /** A sweep that will not be sent: its output failed, the broadcast dissolved; nothing to refund. */
    private static final String FAIL_OUTPUT = """
            UPDATE %s.transaction
            SET state = 'failed', updated_at = now()
            WHERE network_transaction_id = :id AND type = 'sweep' AND state = 'pending'
            """;

    private static final String DISSOLVE = """
            UPDATE %s.network_transaction
            SET state = 'dissolved', opened_at = coalesce(opened_at, now()), closed_at = now(), claimed_at = NULL,
                next_attempt_at = NULL, last_error = :error, updated_at = now()
            WHERE id = :id AND kind = 'sweep' AND state = ANY(CAST(:states AS text[])) AND claimed_at = :claimedAt
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final BroadcastStore store;
    private final BroadcastAlerts alerts;
    private final ChainProperties properties;

    ColdSweeps(JdbcClient jdbc, SerializableTransactions transactions, BroadcastStore store, BroadcastAlerts alerts,
               ChainProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.store = store;
        this.alerts = alerts;
        this.properties = properties;
    }

    /** Creates a sweep down to target when the reading is above max; its id, or empty. */
    Optional<Long> sweepIfAbove(AssetProperties asset, HotWallet.Reading reading) {
        HotWalletProperties bounds = asset.hotWallet();
        if (bounds.max() == null || reading.sweepLive() || reading.hot().compareTo(bounds.max()) <= 0) {
            return Optional.empty();
        }
        BigInteger amount = reading.hot().subtract(bounds.target());
        String schema = asset.schemaName().value();
        Optional<Created> created;
        try {
            created = transactions.inTransaction("create cold sweep", s -> jdbc.sql(CREATE.formatted(schema))
                    .param("lastSweep", reading.lastSweep())
                    .param("pauseSeconds", BroadcastStore.seconds(properties.refusedRetryAfter()))
                    .query(Long.class).optional()
                    .map(id -> {
                        long made = jdbc.sql(SWEEPS_MADE.formatted(schema)).query(Long.class).single();
                        List<String> cold = bounds.coldAddresses();
                        String address = cold.get((int) ((made - 1) % cold.size()));
                        jdbc.sql(OUTPUT.formatted(schema)).param("address", address).param("amount", amount.toString())
                                .param("sweep", id).update();
                        return new Created(id, address);
                    }));
        } catch (DuplicateKeyException e) {
            return Optional.empty(); // another worker created the live sweep between our look and our insert
        }
        created.ifPresent(c -> log.info("{}: hot wallet holds {} net of {} waiting, above its max {}; sweep {} of {} "
                        + "to cold address {} created", asset.code(), reading.hot(), reading.waiting(), bounds.max(),
                c.id(), amount, c.address()));
        return created.map(Created::id);
    }

    /**
     * A sweep the node refused to build or send: it ends failed, nothing is refunded (it took
     * nothing from anyone), and a later round decides again from the wallet's balance.
     */
    void refused(AssetProperties asset, Claim claim, String error) {
        String schema = asset.schemaName().value();
        boolean ended = transactions.inTransaction("end refused sweep", s -> {
            if (!store.holds(asset, claim)) {
                return false;
            }
            jdbc.sql(FAIL_OUTPUT.formatted(schema)).param("id", claim.id()).update();
            return jdbc.sql(DISSOLVE.formatted(schema)).param("id", claim.id())
                    .param("states", claim.states().toArray(String[]::new)).param("claimedAt", claim.claimedAt())
                    .param("error", BroadcastStore.cut(error)).update() == 1;
        });
        if (ended) {
            log.warn("{} sweep {}: refused by the node ({}); it ends unsent, and the wallet is looked at again after {}",
                    asset.code(), claim.id(), error, properties.refusedRetryAfter());
        }
    }

    /** In the transaction that marked broadcast {@code id} sent: COLD_SWEEP once, if it was a sweep. */
    void announceIfSweep(AssetProperties asset, long id, String txid, List<BroadcastMember> members) {
        members.stream().filter(BroadcastMember::sweep).forEach(m -> alerts.raise(asset, AlertKind.COLD_SWEEP,
                "sweep " + id + " sent " + m.amount() + " from the hot wallet to cold address " + m.address()
                        + " as " + txid,
                "broadcastId", Long.toString(id), "txid", txid, "amount", m.amount().toString(),
                "address", m.address()));
    }

    private record Created(long id, String address) {
    }
}
