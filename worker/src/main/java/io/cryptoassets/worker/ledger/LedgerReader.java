package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.policy.AccountPolicy;
import io.cryptoassets.worker.policy.PolicyReader;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Loads the slice of one asset's ledger that a batch needs, in three set-based queries:
 * addresses, then deposit outputs, then every account named directly or through them with its own
 * withdrawal policy, if any; a fourth only for a batch that names withdrawals (cancels, approvals),
 * with a fifth for those held for approval; one for a batch with hold requests, of the holds they
 * name; and the rolling windows' usage only where a window limit applies to a withdrawal of the
 * batch ({@link PolicyReader}). Must run inside the batch's
 * serializable transaction, which is what makes the slice a consistent snapshot that the
 * decisions can rely on.
 */
final class LedgerReader {

    private static final String ADDRESSES = """
            SELECT address, account_id
            FROM %s.address
            WHERE address = ANY(:addresses)
            """;

    private static final String DEPOSITS = """
            SELECT id, txid, vout, account_id, address, amount, confirmations, credited,
                   reorg_alerted_at IS NOT NULL AS reorg_alerted
            FROM %s.transaction
            WHERE type = 'deposit'
              AND (txid, vout) IN (SELECT * FROM unnest(CAST(:txids AS text[]), CAST(:vouts AS int[])))
            """;

    /**
     * The accounts with their own withdrawal policies, joined: reading a policy costs no
     * statement, and the policy row is read in the batch's transaction, so an operator's change
     * applies from the next batch that debits the account, never to one already decided.
     */
    private static final String ACCOUNTS = """
            SELECT a.account_id, a.name, a.balance, a.held, a.event_sequence, a.is_network_fee, a.chain_head,
                   p.account_id IS NOT NULL AS has_policy, p.max_per_withdrawal, p.window_amount, p.window_count,
                   p.approval_threshold, p.allowed_destinations
            FROM %1$s.account AS a
            LEFT JOIN %1$s.account_policy AS p ON p.account_id = a.account_id
            WHERE a.account_id = ANY(:ids)
            """;

    /**
     * The withdrawals a batch's cancels name, with the state of their broadcast. The broadcast row
     * is read by primary key in a subquery of its own, never by a scan: that read is what makes a
     * broadcaster claiming the broadcast (an update of that row) conflict with this batch under
     * SERIALIZABLE, so either the cancel or the claim commits, never both; and a read of one row
     * conflicts with nothing else.
     */
    private static final String WITHDRAWALS = """
            SELECT t.id, t.type, t.state, t.account_id, t.address, t.amount,
                   (SELECT n.state FROM %1$s.network_transaction AS n WHERE n.id = t.network_transaction_id)
                       AS broadcast_state,
                   t.approvals_required, t.approval_deadline, t.approval_deadline < now() AS past_deadline,
                   t.requested_by
            FROM %1$s.transaction AS t
            WHERE t.id = ANY(CAST(:ids AS bigint[])) AND t.type IN ('broadcast', 'internal')
            """;

    /**
     * The holds a batch's hold requests name, by the unique index on (account, hold id): a batch
     * placing a hold id reads the key it inserts, so two batches placing the same one conflict and
     * the retried one finds it; one settling a hold reads the row an expiry round or another batch
     * would change, so only one of them settles it.
     */
    private static final String HOLDS = """
            SELECT id, account_id, hold_id, amount, expires_at, request_id, label, state, captured_amount, settled_by
            FROM %s.transaction
            WHERE type = 'hold'
              AND (account_id, hold_id) IN (SELECT * FROM unnest(CAST(:accounts AS text[]), CAST(:holds AS text[])))
            """;

    /**
     * The approvers' words on the named withdrawals that were held. Read by the primary key's
     * range, so an approval another worker inserts for the same withdrawal meanwhile conflicts with
     * this read, and one of the two batches is retried: an approver never counts twice.
     */
    private static final String APPROVALS = """
            SELECT transaction_id, approver_id, decision
            FROM %s.withdrawal_approval
            WHERE transaction_id = ANY(CAST(:ids AS bigint[]))
            ORDER BY created_at, approver_id
            """;

    private final JdbcClient jdbc;
    private final PolicyReader policies;

    LedgerReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.policies = new PolicyReader(jdbc);
    }

    AssetLedger load(AssetProperties asset, BatchNeeds needs, Function<String, Optional<String>> addressProblem,
                     Instant now) {
        String schema = asset.schemaName().value();
        Map<String, String> owners = new HashMap<>();
        if (!needs.addresses().isEmpty()) {
            jdbc.sql(ADDRESSES.formatted(schema))
                    .param("addresses", needs.addresses().toArray(String[]::new))
                    .query(rs -> {
                        owners.put(rs.getString("address"), rs.getString("account_id"));
                    });
        }
        Map<Deposit.Output, Deposit> deposits = loadDeposits(schema, needs.outputs());

        Set<String> accountIds = new HashSet<>(needs.accountIds());
        accountIds.addAll(owners.values());
        deposits.values().forEach(d -> accountIds.add(d.accountId));
        Map<String, Account> accounts = new HashMap<>();
        Map<String, AccountPolicy> ownPolicies = new HashMap<>();
        if (!accountIds.isEmpty()) {
            jdbc.sql(ACCOUNTS.formatted(schema))
                    .param("ids", accountIds.toArray(String[]::new))
                    .query(rs -> {
                        Account account = new Account(rs.getString("account_id"), rs.getString("name"),
                                rs.getBoolean("is_network_fee"), false,
                                rs.getBigDecimal("balance").toBigIntegerExact(), rs.getLong("event_sequence"));
                        account.chainHead = rs.getBytes("chain_head");
                        account.held = rs.getBigDecimal("held").toBigIntegerExact();
                        accounts.put(account.accountId, account);
                        AccountPolicy own = PolicyReader.accountPolicy(rs);
                        if (own != null) {
                            ownPolicies.put(account.accountId, own);
                        }
                    });
        }
        return new AssetLedger(asset.code(), asset.confirmationsToCredit(), accounts, owners, deposits,
                loadWithdrawals(schema, needs.withdrawals()), addressProblem,
                policies.load(asset, needs.withdrawers(), ownPolicies), loadHolds(schema, needs.holds()), now,
                asset.minWithdrawal());
    }

    private Map<Hold.Key, Hold> loadHolds(String schema, Collection<Hold.Key> keys) {
        Map<Hold.Key, Hold> holds = new HashMap<>();
        if (keys.isEmpty()) {
            return holds;
        }
        jdbc.sql(HOLDS.formatted(schema))
                .param("accounts", keys.stream().map(Hold.Key::accountId).toArray(String[]::new))
                .param("holds", keys.stream().map(Hold.Key::holdId).toArray(String[]::new))
                .query(rs -> {
                    OffsetDateTime expiresAt = rs.getObject("expires_at", OffsetDateTime.class);
                    String requestId = rs.getString("request_id");
                    Hold hold = new Hold(TransactionRef.existing(rs.getLong("id")), rs.getString("account_id"),
                            rs.getString("hold_id"), rs.getBigDecimal("amount").toBigIntegerExact(),
                            expiresAt == null ? null : expiresAt.toInstant(),
                            requestId == null ? null : java.util.UUID.fromString(requestId), rs.getString("label"),
                            false, TxState.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)));
                    holds.put(hold.key(), hold);
                });
        return holds;
    }

    private Map<Long, Withdrawal> loadWithdrawals(String schema, Collection<Long> ids) {
        Map<Long, Withdrawal> withdrawals = new HashMap<>();
        if (ids.isEmpty()) {
            return withdrawals;
        }
        jdbc.sql(WITHDRAWALS.formatted(schema))
                .param("ids", ids.toArray(Long[]::new))
                .query(rs -> {
                    long id = rs.getLong("id");
                    Withdrawal.Kind kind = "internal".equals(rs.getString("type"))
                            ? Withdrawal.Kind.INTERNAL : Withdrawal.Kind.BROADCAST;
                    withdrawals.put(id, new Withdrawal(TransactionRef.existing(id), kind, rs.getString("account_id"),
                            rs.getString("address"), rs.getBigDecimal("amount").toBigIntegerExact(),
                            rs.getString("state"), rs.getString("broadcast_state"), hold(rs)));
                });
        Long[] held = withdrawals.values().stream().filter(w -> w.hold != null).map(w -> w.ref.id())
                .toArray(Long[]::new);
        if (held.length > 0) {
            jdbc.sql(APPROVALS.formatted(schema)).param("ids", held).query(rs -> {
                withdrawals.get(rs.getLong("transaction_id"))
                        .decide(rs.getString("approver_id"), rs.getString("decision"));
            });
        }
        return withdrawals;
    }

    private static Withdrawal.Hold hold(ResultSet rs) throws SQLException {
        Integer required = rs.getObject("approvals_required", Integer.class);
        if (required == null) {
            return null;
        }
        OffsetDateTime deadline = rs.getObject("approval_deadline", OffsetDateTime.class);
        return new Withdrawal.Hold(required, deadline == null ? null : deadline.toInstant(),
                rs.getBoolean("past_deadline"), rs.getString("requested_by"));
    }

    private Map<Deposit.Output, Deposit> loadDeposits(String schema, Collection<Deposit.Output> outputs) {
        Map<Deposit.Output, Deposit> deposits = new HashMap<>();
        if (outputs.isEmpty()) {
            return deposits;
        }
        jdbc.sql(DEPOSITS.formatted(schema))
                .param("txids", outputs.stream().map(Deposit.Output::txid).toArray(String[]::new))
                .param("vouts", outputs.stream().map(Deposit.Output::vout).toArray(Integer[]::new))
                .query(rs -> {
                    BigDecimal amount = rs.getBigDecimal("amount");
                    Deposit deposit = new Deposit(TransactionRef.existing(rs.getLong("id")), rs.getString("txid"),
                            rs.getInt("vout"), rs.getString("account_id"), rs.getString("address"),
                            amount.toBigIntegerExact(), rs.getInt("confirmations"), rs.getBoolean("credited"), false);
                    deposit.reorgAlerted = rs.getBoolean("reorg_alerted");
                    deposits.put(deposit.output(), deposit);
                });
        return deposits;
    }
}
