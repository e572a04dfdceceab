package io.cryptoassets.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.testsupport.ChainIntegrationTest;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The worker runs as a role that cannot rewrite the ledger: ledger entries can be added and read,
 * but not updated, deleted or truncated, and the append-only triggers can be neither disabled
 * nor bypassed by replication mode. The worker does its work as that role all the same.
 */
class RuntimeRoleIT extends ChainIntegrationTest {

    /** PostgreSQL's insufficient_privilege: "permission denied", "must be owner of table". */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Test
    void theWorkerAppliesRequestsAsTheRuntimeRole() {
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo(TestDatabase.RUNTIME_ROLE);
        assertThat(jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").query(Boolean.class).single())
                .isFalse();
        assertThat(jdbc.sql("SELECT tableowner FROM pg_tables WHERE schemaname = 'btc' AND tablename = 'ledger_entry'")
                .query(String.class).single()).isEqualTo(TestDatabase.OWNER_ROLE);

        String account = RequestTraffic.account("runtime-role");
        traffic.fundedAccount(account, 7_000);
        fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 2_000);

        assertThat(traffic.balance(account)).isEqualTo(BigInteger.valueOf(5_000));
        assertThat(traffic.entrySum(account)).isEqualTo(BigInteger.valueOf(5_000));
        assertThat(traffic.entries(account)).isEqualTo(2);
    }

    @Test
    void theRuntimeRoleCannotRewriteLedgerEntries() throws SQLException {
        String account = RequestTraffic.account("rewrite");
        traffic.fundedAccount(account, 3_000);

        try (Connection connection = connectAsTheWorker(); Statement statement = connection.createStatement()) {
            assertPermissionDenied(statement, "UPDATE btc.ledger_entry SET amount = amount + 1 WHERE account_id = '" + account + "'");
            assertPermissionDenied(statement, "DELETE FROM btc.ledger_entry WHERE account_id = '" + account + "'");
            assertPermissionDenied(statement, "TRUNCATE btc.ledger_entry CASCADE");
            assertPermissionDenied(statement, "ALTER TABLE btc.ledger_entry DISABLE TRIGGER USER");
            assertPermissionDenied(statement, "ALTER TABLE btc.ledger_entry DISABLE TRIGGER ledger_entry_no_update_delete");
            assertPermissionDenied(statement, "SET session_replication_role = replica");
            assertPermissionDenied(statement, "DROP TABLE btc.ledger_entry CASCADE");
        }

        assertThat(traffic.entrySum(account)).isEqualTo(BigInteger.valueOf(3_000));
        assertThat(traffic.entries(account)).isEqualTo(1);
    }

    /** Enough to tell a migrated database from one that is not (readiness, migrate-on-start=false); no more. */
    @Test
    void theRuntimeRoleMayReadTheMigrationHistoryButNotChangeIt() throws SQLException {
        try (Connection connection = connectAsTheWorker(); Statement statement = connection.createStatement()) {
            for (String schema : new String[] {"cryptoassets", "btc"}) {
                try (var rows = statement.executeQuery("SELECT count(*) FROM " + schema + ".flyway_schema_history")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).as(schema).isPositive();
                }
                assertPermissionDenied(statement, "DELETE FROM " + schema + ".flyway_schema_history");
                assertPermissionDenied(statement, "UPDATE " + schema + ".flyway_schema_history SET success = false");
                assertPermissionDenied(statement, "INSERT INTO " + schema + ".flyway_schema_history (installed_rank) "
                        + "VALUES (-1)");
            }
        }
    }

    @Test
    void onlyASingleRoleSetupIsWarnedAbout() {
        assertThat(context.getBean(LedgerRewriteCheck.class).rewritableAssets()).isEmpty();
        TestDatabase database = TestDatabase.get();
        // Unpooled: a statement or two does not need the shared test pool's connections.
        var administrator = new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password());
        assertThat(new LedgerRewriteCheck(administrator, context.getBean(LedgerProperties.class)).rewritableAssets())
                .as("the server's administrator: every configured asset")
                .containsExactlyElementsOf(context.getBean(LedgerProperties.class).assets().stream()
                        .map(asset -> asset.code()).toList());
    }

    /**
     * A connection of its own rather than one of the pool: had the SET succeeded, a pooled
     * session would go on without triggers for the other tests.
     */
    private Connection connectAsTheWorker() throws SQLException {
        Environment environment = context.getEnvironment();
        return DriverManager.getConnection(environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getRequiredProperty("spring.datasource.password"));
    }

    private static void assertPermissionDenied(Statement statement, String sql) {
        assertThatThrownBy(() -> statement.execute(sql)).as(sql)
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as("%s: %s", sql, e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }
}
