package io.cryptoassets.worker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.ledger.LedgerChain;
import io.cryptoassets.worker.schema.LedgerSchemas;
import io.cryptoassets.worker.testsupport.TestDatabase;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A ledger with entries from before the hash chain existed: they keep no hash, each account's
 * chain starts at its first hashed entry, and an entry without a hash after that is named.
 */
class LedgerChainStartIT {

    private static final String SHARED = "chain_start_it_shared";
    private static final String SCHEMA = "chain_start_it";
    private static final String ASSET = "CSTART";

    // Unpooled: the test runs a handful of statements.
    private final DataSource dataSource = new DriverManagerDataSource(TestDatabase.get().jdbcUrl(),
            TestDatabase.get().user(), TestDatabase.get().password());
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final LedgerProperties properties = new LedgerProperties(SHARED, List.of(
            new AssetProperties(ASSET, SCHEMA, 8, 3, 15, List.of("test"), null)));

    @BeforeEach
    void ledgerFromBeforeTheChain() {
        // The asset schema as it was before the hash chain's migration, with two entries.
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).createSchemas(true)
                .locations("classpath:db/asset").placeholders(Map.of("schema", SCHEMA, "asset", ASSET))
                .target("2").load().migrate();
        jdbc.sql("INSERT INTO chain_start_it.account (account_id, balance) VALUES ('early', 8)").update();
        jdbc.sql("""
                INSERT INTO chain_start_it.ledger_entry (account_id, amount, balance_after)
                VALUES ('early', 5, 5), ('early', 3, 8)
                """).update();

        new LedgerSchemas(dataSource, properties).migrate();
    }

    @AfterEach
    void dropSchemas() {
        jdbc.sql("DROP SCHEMA " + SHARED + ", " + SCHEMA + " CASCADE").update();
    }

    @Test
    void theChainStartsAtTheFirstHashedEntry() {
        assertThat(jdbc.sql("SELECT count(*) FROM chain_start_it.ledger_entry WHERE hash IS NULL").query(Long.class).single())
                .isEqualTo(2);
        appendHashed("early", 2, 10);
        appendHashed("early", -4, 6);

        assertThat(chainViolations()).isEmpty();
    }

    @Test
    void anEntryWithoutHashAfterTheChainStartedIsNamed() {
        appendHashed("early", 2, 10);
        long unhashed = jdbc.sql("""
                INSERT INTO chain_start_it.ledger_entry (account_id, amount, balance_after)
                VALUES ('early', 1, 11)
                RETURNING id
                """).query(Long.class).single();

        assertThat(chainViolations()).containsExactly(
                "account early: ledger entry " + unhashed + " has no hash",
                "account early: chain head " + head("early") + ", last entry " + unhashed);
    }

    /** Appends an entry as the worker does: hashed onto the account's chain head, which moves along. */
    private void appendHashed(String account, long amount, long balanceAfter) {
        byte[] previous = jdbc.sql("SELECT chain_head FROM chain_start_it.account WHERE account_id = :id")
                .param("id", account).query((rs, row) -> rs.getBytes(1)).list().get(0); // null before the first
        Instant createdAt = LedgerChain.storable(Instant.now());
        byte[] hash = LedgerChain.hash(previous, ASSET, account, null, null, BigInteger.valueOf(amount),
                BigInteger.valueOf(balanceAfter), createdAt);
        jdbc.sql("""
                INSERT INTO chain_start_it.ledger_entry (account_id, amount, balance_after, created_at, hash)
                VALUES (:id, :amount, :balance, :createdAt, decode(:hash, 'hex'))
                """).param("id", account).param("amount", amount).param("balance", balanceAfter)
                .param("createdAt", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC)).param("hash", LedgerChain.hex(hash))
                .update();
        jdbc.sql("UPDATE chain_start_it.account SET balance = :balance, chain_head = decode(:hash, 'hex') WHERE account_id = :id")
                .param("id", account).param("balance", balanceAfter).param("hash", LedgerChain.hex(hash)).update();
    }

    private String head(String account) {
        return jdbc.sql("SELECT encode(chain_head, 'hex') FROM chain_start_it.account WHERE account_id = :id")
                .param("id", account).query(String.class).single();
    }

    private List<String> chainViolations() {
        return AuditChecks.ALL.stream()
                .filter(check -> check.name().contains("hash chain") || check.name().contains("chain head"))
                .flatMap(check -> jdbc.sql(check.sql().formatted(SCHEMA, SHARED)).param("asset", ASSET)
                        .query(String.class).list().stream())
                .toList();
    }
}
