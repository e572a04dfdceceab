package io.cryptoassets.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The per-asset migration set, applied for two assets into schemas of their own. */
class LedgerSchemasIT {

    private static final DataSource dataSource = TestDatabase.get().dataSource();
    private static final JdbcClient jdbc = JdbcClient.create(dataSource);
    private static final LedgerProperties properties = new LedgerProperties("schemas_it_shared", List.of(
            new AssetProperties("TBTC", "schemas_it_tbtc", 8, 3, 15, List.of("test"), null),
            new AssetProperties("TLTC", "schemas_it_tltc", 8, 6, 20, List.of("test"), null)));

    @BeforeAll
    static void migrate() {
        new LedgerSchemas(dataSource, properties).migrate();
    }

    @AfterAll
    static void dropSchemas() {
        jdbc.sql("DROP SCHEMA schemas_it_shared, schemas_it_tbtc, schemas_it_tltc CASCADE").update();
    }

    @Test
    void eachAssetGetsItsOwnTablesAndNetworkFeeAccount() {
        for (String schema : List.of("schemas_it_tbtc", "schemas_it_tltc")) {
            List<String> tables = jdbc.sql("""
                    SELECT table_name FROM information_schema.tables
                    WHERE table_schema = :schema AND table_name <> 'flyway_schema_history'
                    ORDER BY table_name
                    """).param("schema", schema).query(String.class).list();
            assertThat(tables).containsExactly("account", "account_policy", "account_policy_change", "address",
                    "cold_topup", "hot_wallet_state", "ledger_entry", "network_transaction", "node_address", "node_health",
                    "reserves_state", "transaction", "withdrawal_approval");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM schemas_it_tltc.account WHERE is_network_fee").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void migratingAgainChangesNothing() {
        String history = "SELECT count(*) FROM schemas_it_tbtc.flyway_schema_history";
        long before = jdbc.sql(history).query(Long.class).single();

        new LedgerSchemas(dataSource, properties).migrate();

        assertThat(jdbc.sql(history).query(Long.class).single()).isEqualTo(before);
        assertThat(jdbc.sql(history + " WHERE version = '1' AND success").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void ledgerEntriesAreAppendOnly() {
        jdbc.sql("INSERT INTO schemas_it_tbtc.account (account_id) VALUES ('append-only')").update();
        jdbc.sql("INSERT INTO schemas_it_tbtc.ledger_entry (account_id, amount, balance_after) VALUES ('append-only', 5, 5)")
                .update();

        assertThatThrownBy(() -> jdbc.sql("UPDATE schemas_it_tbtc.ledger_entry SET amount = 6").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM schemas_it_tbtc.ledger_entry").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE schemas_it_tbtc.ledger_entry CASCADE").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(jdbc.sql("SELECT sum(amount) FROM schemas_it_tbtc.ledger_entry WHERE account_id = 'append-only'")
                .query(Long.class).single()).isEqualTo(5);
    }

    @Test
    void onlyTheNetworkFeeAccountMayGoNegative() {
        jdbc.sql("INSERT INTO schemas_it_tltc.account (account_id) VALUES ('customer')").update();

        assertThatThrownBy(() -> jdbc.sql("UPDATE schemas_it_tltc.account SET balance = -1 WHERE account_id = 'customer'").update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(jdbc.sql("UPDATE schemas_it_tltc.account SET balance = -1000 WHERE is_network_fee").update())
                .isEqualTo(1);
    }

    @Test
    void amountsAreExactBeyondSixtyFourBits() {
        String huge = "9".repeat(77);
        jdbc.sql("INSERT INTO schemas_it_tltc.account (account_id, balance) VALUES ('whale', CAST(:b AS numeric))")
                .param("b", huge).update();

        assertThat(jdbc.sql("SELECT balance FROM schemas_it_tltc.account WHERE account_id = 'whale'")
                .query(java.math.BigDecimal.class).single().toBigIntegerExact().toString()).isEqualTo(huge);
    }

    @Test
    void depositOutputsAreUniquePerTxidAndVout() {
        jdbc.sql("INSERT INTO schemas_it_tbtc.account (account_id) VALUES ('depositor')").update();
        String insert = """
                INSERT INTO schemas_it_tbtc.transaction (type, state, account_id, amount, txid, vout)
                VALUES ('deposit', 'incoming', 'depositor', 10, 'abc', 0)
                """;
        jdbc.sql(insert).update();

        assertThatThrownBy(() -> jdbc.sql(insert).update()).isInstanceOf(DataIntegrityViolationException.class);
    }
}
