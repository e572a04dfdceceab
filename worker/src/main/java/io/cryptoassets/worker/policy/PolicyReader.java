package io.cryptoassets.worker.policy;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.WithdrawalPolicyProperties;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads what a batch's withdrawals are checked against, inside the batch's serializable
 * transaction: the accounts' own policies come with the accounts (the ledger's account query joins
 * {@code account_policy}, see {@link #accountPolicy}); this adds the rolling-window usage, and only
 * where a window limit applies, so a batch of an asset without window limits costs no statement.
 *
 * <p>The usage is a range read on the outflow indexes in the same transaction that inserts the
 * batch's withdrawals: a withdrawal committed meanwhile by another batch, on another partition or
 * worker, into the same range is a read-write conflict under SERIALIZABLE, and one of the two
 * batches is retried and then counts the other's withdrawal.
 */
public final class PolicyReader {

    /**
     * Withdrawals that left or will leave the wallet: held for approval, pending and broadcast
     * ones count; failed and cancelled ones were refunded and do not.
     */
    private static final String ACCOUNT_USAGE = """
            SELECT account_id, count(*) AS sent, coalesce(sum(amount), 0) AS amount
            FROM %s.transaction
            WHERE type = 'broadcast'
              AND account_id = ANY(:ids)
              AND created_at > now() - make_interval(secs => :seconds)
              AND state NOT IN ('failed', 'cancelled')
            GROUP BY account_id
            """;

    private static final String ASSET_USAGE = """
            SELECT count(*) AS sent, coalesce(sum(amount), 0) AS amount
            FROM %s.transaction
            WHERE type = 'broadcast'
              AND created_at > now() - make_interval(secs => :seconds)
              AND state NOT IN ('failed', 'cancelled')
            """;

    private final JdbcClient jdbc;

    public PolicyReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The policies of a batch in which {@code withdrawers} withdraw.
     *
     * @param own the own policies of the batch's accounts that have one
     */
    public WithdrawalPolicies load(AssetProperties asset, Set<String> withdrawers, Map<String, AccountPolicy> own) {
        WithdrawalPolicyProperties config = asset.policy();
        boolean anyPolicy = !own.isEmpty() || config.hasAssetWindow()
                || !EffectivePolicy.of(config, AccountPolicy.NONE).isEmpty();
        if (withdrawers.isEmpty() || !anyPolicy) {
            return WithdrawalPolicies.none();
        }
        Set<String> windowed = withdrawers.stream()
                .filter(id -> EffectivePolicy.of(config, own.getOrDefault(id, AccountPolicy.NONE)).hasWindow())
                .collect(Collectors.toSet());
        Map<String, WindowUsage> accountUsage = windowed.isEmpty() ? Map.of() : accountUsage(asset, windowed);
        WindowUsage assetUsage = config.hasAssetWindow() ? assetUsage(asset) : null;
        return new BatchPolicies(config, own, accountUsage, assetUsage);
    }

    /** What each of {@code accountIds} sent off the wallet within the asset's window. */
    public Map<String, WindowUsage> accountUsage(AssetProperties asset, Set<String> accountIds) {
        Map<String, WindowUsage> usage = new HashMap<>();
        accountIds.forEach(id -> usage.put(id, WindowUsage.NOTHING));
        jdbc.sql(ACCOUNT_USAGE.formatted(asset.schemaName().value()))
                .param("ids", accountIds.toArray(String[]::new))
                .param("seconds", seconds(asset.policy().window()))
                .query(rs -> {
                    usage.put(rs.getString("account_id"), usage(rs));
                });
        return usage;
    }

    /** What all accounts of the asset sent off the wallet within its window. */
    public WindowUsage assetUsage(AssetProperties asset) {
        return jdbc.sql(ASSET_USAGE.formatted(asset.schemaName().value()))
                .param("seconds", seconds(asset.policy().window()))
                .query((rs, row) -> usage(rs))
                .single();
    }

    /**
     * The account's own policy from a row with the columns of {@code account_policy} and
     * {@code has_policy}, or null when the account has none.
     */
    public static AccountPolicy accountPolicy(ResultSet rs) throws SQLException {
        if (!rs.getBoolean("has_policy")) {
            return null;
        }
        Array allowed = rs.getArray("allowed_destinations");
        return new AccountPolicy(integer(rs, "max_per_withdrawal"), integer(rs, "window_amount"),
                rs.getObject("window_count", Integer.class), integer(rs, "approval_threshold"),
                allowed == null ? null : List.of((String[]) allowed.getArray()));
    }

    private static java.math.BigInteger integer(ResultSet rs, String column) throws SQLException {
        java.math.BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.toBigIntegerExact();
    }

    private static WindowUsage usage(ResultSet rs) throws SQLException {
        return new WindowUsage(rs.getLong("sent"), rs.getBigDecimal("amount").toBigIntegerExact());
    }

    private static double seconds(Duration window) {
        return window.toMillis() / 1000.0;
    }
}
