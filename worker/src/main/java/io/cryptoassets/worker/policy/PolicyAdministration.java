package io.cryptoassets.worker.policy;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.worker.address.AddressCheck;
import io.cryptoassets.worker.address.AddressValidators;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an operator does about withdrawal policies: show an asset's or an account's, and change an
 * account's own values. A change is saved with its before and after in the append-only history in
 * the same serializable transaction, and batches read the policy row in theirs: it applies from
 * the next batch that debits the account, never to a withdrawal already decided.
 */
@Component
public class PolicyAdministration {

    /** How many of an account's latest changes {@link #show} reports. */
    static final int CHANGES_SHOWN = 5;

    private static final String POLICY = """
            SELECT true AS has_policy, max_per_withdrawal, window_amount, window_count, approval_threshold,
                   allowed_destinations
            FROM %s.account_policy
            WHERE account_id = :id
            """;

    private static final String ACCOUNT_EXISTS = """
            SELECT count(*) FROM %s.account WHERE account_id = :id
            """;

    private static final String SAVE = """
            INSERT INTO %s.account_policy AS p (account_id, max_per_withdrawal, window_amount, window_count,
                                                approval_threshold, allowed_destinations, updated_by)
            VALUES (:id, :max, :windowAmount, :windowCount, :threshold, CAST(:allowed AS text[]), :by)
            ON CONFLICT (account_id) DO UPDATE
            SET max_per_withdrawal = EXCLUDED.max_per_withdrawal, window_amount = EXCLUDED.window_amount,
                window_count = EXCLUDED.window_count, approval_threshold = EXCLUDED.approval_threshold,
                allowed_destinations = EXCLUDED.allowed_destinations, updated_by = EXCLUDED.updated_by,
                updated_at = now()
            """;

    private static final String RECORD_CHANGE = """
            INSERT INTO %s.account_policy_change (account_id, changed_by, before, after)
            VALUES (:id, :by, CAST(:before AS jsonb), CAST(:after AS jsonb))
            """;

    private static final String CHANGES = """
            SELECT changed_at, changed_by, before::text AS before, after::text AS after
            FROM %s.account_policy_change
            WHERE account_id = :id
            ORDER BY id DESC
            LIMIT :limit
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final AddressValidators addresses;
    private final PolicyReader reader;

    PolicyAdministration(JdbcClient jdbc, SerializableTransactions transactions, AddressValidators addresses) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.addresses = addresses;
        this.reader = new PolicyReader(jdbc);
    }

    /** The asset's configured policy, or {@code accountId}'s as its withdrawals meet it; empty for an unknown account. */
    public Optional<PolicyReport> show(AssetProperties asset, String accountId) {
        return transactions.inTransaction("show policy", status -> {
            WindowUsage assetUsage = reader.assetUsage(asset);
            if (accountId == null) {
                return Optional.of(new PolicyReport(null, asset.policy(), AccountPolicy.NONE, null, assetUsage, List.of()));
            }
            if (!exists(asset, accountId)) {
                return Optional.empty();
            }
            WindowUsage accountUsage = reader.accountUsage(asset, Set.of(accountId)).get(accountId);
            List<PolicyReport.Change> changes = jdbc.sql(CHANGES.formatted(schema(asset)))
                    .param("id", accountId).param("limit", CHANGES_SHOWN)
                    .query((rs, row) -> new PolicyReport.Change(rs.getTimestamp("changed_at").toInstant(),
                            rs.getString("changed_by"), rs.getString("before"), rs.getString("after")))
                    .list();
            return Optional.of(new PolicyReport(accountId, asset.policy(), own(asset, accountId).orElse(AccountPolicy.NONE),
                    accountUsage, assetUsage, changes));
        });
    }

    /**
     * Applies {@code edit} to {@code accountId}'s own policy (or to none, for an account without
     * one) and records the change, made by {@code by}.
     */
    public PolicyChangeOutcome set(AssetProperties asset, String accountId, UnaryOperator<AccountPolicy> edit,
                                   String by) {
        return transactions.inTransaction("set policy", status -> {
            if (!exists(asset, accountId)) {
                return new PolicyChangeOutcome.Refused(PolicyChangeOutcome.Reason.UNKNOWN_ACCOUNT,
                        "account " + accountId + " does not exist for " + asset.code());
            }
            Optional<AccountPolicy> before = own(asset, accountId);
            AccountPolicy after = edit.apply(before.orElse(AccountPolicy.NONE));
            Optional<String> badAddress = invalidAddress(asset, after.allowedDestinations());
            if (badAddress.isPresent()) {
                return new PolicyChangeOutcome.Refused(PolicyChangeOutcome.Reason.INVALID_ADDRESS, badAddress.get());
            }
            jdbc.sql(SAVE.formatted(schema(asset)))
                    .param("id", accountId).param("max", decimal(after.maxPerWithdrawal()))
                    .param("windowAmount", decimal(after.windowAmount())).param("windowCount", after.windowCount())
                    .param("threshold", decimal(after.approvalThreshold()))
                    .param("allowed", after.allowedDestinations() == null ? null
                            : after.allowedDestinations().toArray(String[]::new))
                    .param("by", by)
                    .update();
            jdbc.sql(RECORD_CHANGE.formatted(schema(asset)))
                    .param("id", accountId).param("by", by)
                    .param("before", before.map(PolicyAdministration::json).orElse(null))
                    .param("after", json(after))
                    .update();
            return new PolicyChangeOutcome.Changed(before.orElse(AccountPolicy.NONE), after);
        });
    }

    private Optional<String> invalidAddress(AssetProperties asset, List<String> allowed) {
        if (allowed == null) {
            return Optional.empty();
        }
        for (String address : allowed) {
            if (addresses.forAsset(asset.code()).check(address) instanceof AddressCheck.Invalid invalid) {
                return Optional.of("'" + address + "' is not a valid " + asset.code() + " address: " + invalid.reason());
            }
        }
        return Optional.empty();
    }

    private Optional<AccountPolicy> own(AssetProperties asset, String accountId) {
        return jdbc.sql(POLICY.formatted(schema(asset))).param("id", accountId)
                .query((rs, row) -> PolicyReader.accountPolicy(rs)).optional();
    }

    private boolean exists(AssetProperties asset, String accountId) {
        return jdbc.sql(ACCOUNT_EXISTS.formatted(schema(asset))).param("id", accountId).query(Long.class).single() > 0;
    }

    /** The account's own values as the history keeps them: amounts as strings of digits. */
    static String json(AccountPolicy policy) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("max-per-withdrawal", digits(policy.maxPerWithdrawal()));
        values.put("window-amount", digits(policy.windowAmount()));
        values.put("window-count", policy.windowCount());
        values.put("approval-threshold", digits(policy.approvalThreshold()));
        values.put("allowed-destinations", policy.allowedDestinations());
        return ContractJson.mapper().writeValueAsString(values);
    }

    private static String digits(BigInteger value) {
        return value == null ? null : value.toString();
    }

    private static java.math.BigDecimal decimal(BigInteger value) {
        return value == null ? null : new java.math.BigDecimal(value);
    }

    private static String schema(AssetProperties asset) {
        return asset.schemaName().value();
    }
}
