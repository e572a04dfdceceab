package io.cryptoassets.worker.account;

import io.cryptoassets.worker.asset.AssetProperties;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an operator reads about one account: its balance now or at a past moment, and its
 * statement over a period, both from the append-only ledger entries. Each read is one
 * REPEATABLE READ, read-only transaction, so the opening balance, the entries and the closing
 * balance come from one snapshot; a statement is streamed, so a long one needs no memory.
 *
 * <p>A past balance is the balance after the account's last entry created at or before that
 * moment. The holds open at a moment are those created at or before it and settled after it (or
 * not yet), from the hold rows' own times; what they reserve is what was held then. Entries of one account are written by transactions that conflict on the account's row,
 * so their order by id is their order in time.
 */
@Component
public class AccountStatements {

    private static final String ACCOUNT = """
            SELECT account_id, name, is_network_fee, created_at, balance
            FROM %s.account
            WHERE account_id = :id
            """;

    private static final String BALANCE_AT = """
            SELECT balance_after
            FROM %s.ledger_entry
            WHERE account_id = :id AND created_at <= :at
            ORDER BY id DESC
            LIMIT 1
            """;

    private static final String BALANCE_BEFORE = """
            SELECT balance_after
            FROM %s.ledger_entry
            WHERE account_id = :id AND created_at < :at
            ORDER BY id DESC
            LIMIT 1
            """;

    private static final String ENTRY_COUNT = """
            SELECT count(*)
            FROM %s.ledger_entry
            WHERE account_id = :id AND (CAST(:at AS timestamptz) IS NULL OR created_at <= CAST(:at AS timestamptz))
            """;

    /** Withdrawals debited and not handed over yet: what the balance no longer shows and the chain does not yet. */
    private static final String UNSENT = """
            SELECT count(*) AS n, coalesce(sum(amount), 0) AS amount
            FROM %s.transaction
            WHERE account_id = :id AND type = 'broadcast' AND state IN ('pending', 'awaiting_approval')
            """;

    /** Holds placed at or before the moment and not settled by then; now when the moment is null. */
    private static final String OPEN_HOLDS = """
            SELECT id, hold_id, amount, created_at, expires_at
            FROM %s.transaction
            WHERE account_id = :id AND type = 'hold'
              AND (CAST(:at AS timestamptz) IS NULL AND state = 'held'
                   OR created_at <= CAST(:at AS timestamptz)
                      AND (settled_at IS NULL OR settled_at > CAST(:at AS timestamptz)))
            ORDER BY id
            """;

    private static final String LINES = """
            SELECT e.id, e.created_at, e.amount, e.balance_after, e.transaction_id, t.type, t.state,
                   CASE WHEN t.account_id = e.account_id THEN t.counterparty_account_id ELSE t.account_id END
                       AS counterparty,
                   t.address, t.txid, t.label, t.reference
            FROM %1$s.ledger_entry AS e
            LEFT JOIN %1$s.transaction AS t ON t.id = e.transaction_id
            WHERE e.account_id = ?
            """;

    private static final String LAST_LINES = LINES + """
              AND (CAST(? AS timestamptz) IS NULL OR e.created_at <= CAST(? AS timestamptz))
            ORDER BY e.id DESC
            LIMIT ?
            """;

    private static final String PERIOD_LINES = LINES + """
              AND e.created_at >= ? AND e.created_at < ?
            ORDER BY e.id
            """;

    /** Rows fetched at a time while a statement streams. */
    private static final int FETCH_SIZE = 1_000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate snapshot;

    AccountStatements(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /**
     * The account now, or at {@code at}, with its newest {@code lastEntries} entries up to then.
     *
     * @return empty when the asset has no such account
     */
    public Optional<AccountSummary> show(AssetProperties asset, String accountId, OffsetDateTime at, int lastEntries) {
        String schema = asset.schemaName().value();
        return snapshot.execute(status -> jdbc.sql(ACCOUNT.formatted(schema)).param("id", accountId)
                .query((rs, row) -> new Opened(rs.getString("name"), rs.getBoolean("is_network_fee"),
                        rs.getObject("created_at", OffsetDateTime.class), amount(rs, "balance")))
                .optional()
                .map(opened -> {
                    BigInteger balance = at == null ? opened.balance() : balanceAt(schema, accountId, at);
                    Unsent unsent = jdbc.sql(UNSENT.formatted(schema)).param("id", accountId)
                            .query((rs, row) -> new Unsent(rs.getLong("n"), amount(rs, "amount"))).single();
                    long count = jdbc.sql(ENTRY_COUNT.formatted(schema)).param("id", accountId).param("at", at)
                            .query(Long.class).single();
                    List<StatementLine> lines = template.query(LAST_LINES.formatted(schema),
                            (rs, row) -> line(rs), accountId, at, at, lastEntries);
                    List<OpenHold> holds = jdbc.sql(OPEN_HOLDS.formatted(schema)).param("id", accountId)
                            .param("at", at)
                            .query((rs, row) -> new OpenHold(rs.getLong("id"), rs.getString("hold_id"),
                                    amount(rs, "amount"), rs.getObject("created_at", OffsetDateTime.class),
                                    rs.getObject("expires_at", OffsetDateTime.class)))
                            .list();
                    BigInteger held = holds.stream().map(OpenHold::amount).reduce(BigInteger.ZERO, BigInteger::add);
                    return new AccountSummary(asset.code(), accountId, opened.name(), opened.networkFee(),
                            opened.openedAt(), balance, at, unsent.count(), unsent.amount(), count, lines, held,
                            holds);
                }));
    }

    /**
     * Streams the entries created in [{@code from}, {@code to}) to {@code lines}, oldest first.
     *
     * @return the opening and closing balances and the number of entries; empty when there is no
     *         such account
     */
    public Optional<StatementTotals> statement(AssetProperties asset, String accountId, OffsetDateTime from,
                                               OffsetDateTime to, Consumer<StatementLine> lines) {
        String schema = asset.schemaName().value();
        return snapshot.execute(status -> {
            boolean exists = jdbc.sql(ACCOUNT.formatted(schema)).param("id", accountId).query((rs, row) -> true)
                    .optional().isPresent();
            if (!exists) {
                return Optional.<StatementTotals>empty();
            }
            BigInteger opening = jdbc.sql(BALANCE_BEFORE.formatted(schema)).param("id", accountId).param("at", from)
                    .query((rs, row) -> amount(rs, "balance_after")).optional().orElse(BigInteger.ZERO);
            long[] count = {0};
            BigInteger[] closing = {opening};
            BigInteger[] credits = {BigInteger.ZERO};
            BigInteger[] debits = {BigInteger.ZERO};
            template.query(connection -> {
                var statement = connection.prepareStatement(PERIOD_LINES.formatted(schema));
                statement.setFetchSize(FETCH_SIZE);
                statement.setString(1, accountId);
                statement.setObject(2, from);
                statement.setObject(3, to);
                return statement;
            }, rs -> {
                StatementLine line = line(rs);
                count[0]++;
                closing[0] = line.balanceAfter();
                if (line.amount().signum() > 0) {
                    credits[0] = credits[0].add(line.amount());
                } else {
                    debits[0] = debits[0].add(line.amount().negate());
                }
                lines.accept(line);
            });
            return Optional.of(new StatementTotals(opening, credits[0], debits[0], closing[0], count[0]));
        });
    }

    /** The balance after the account's last entry created at or before {@code at}; zero before the first. */
    private BigInteger balanceAt(String schema, String accountId, OffsetDateTime at) {
        return jdbc.sql(BALANCE_AT.formatted(schema)).param("id", accountId).param("at", at)
                .query((rs, row) -> amount(rs, "balance_after")).optional().orElse(BigInteger.ZERO);
    }

    private static StatementLine line(ResultSet rs) throws SQLException {
        return new StatementLine(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class),
                amount(rs, "amount"), amount(rs, "balance_after"), rs.getObject("transaction_id", Long.class),
                rs.getString("type"), rs.getString("state"), rs.getString("counterparty"), rs.getString("address"),
                rs.getString("txid"), rs.getString("label"), rs.getString("reference"));
    }

    private static BigInteger amount(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.toBigIntegerExact();
    }

    private record Opened(String name, boolean networkFee, OffsetDateTime openedAt, BigInteger balance) {
    }

    private record Unsent(long count, BigInteger amount) {
    }
}
