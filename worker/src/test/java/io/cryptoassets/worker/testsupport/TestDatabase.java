package io.cryptoassets.worker.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL database of one test run: created under a unique name when first asked for
 * and dropped when the JUnit session closes, so two runs on one machine never share data.
 *
 * <p>The server is, in order: {@code CRYPTOASSETS_TEST_DB_URL} (with
 * {@code CRYPTOASSETS_TEST_DB_USER}/{@code _PASSWORD}); a Testcontainers PostgreSQL when a
 * Docker engine answers; otherwise 127.0.0.1:5432 as user postgres.
 *
 * <p>Workers in tests run as they should in production: as {@link #RUNTIME_ROLE}, with only
 * the privileges the migrations grant it, while {@link #OWNER_ROLE} owns the schemas and runs
 * the migrations. Roles belong to the server, not to a database, so both are created once under
 * fixed names (by whichever run gets there first) and kept; each run grants the owner CREATE on
 * its own databases. {@link #user()} is the server's administrator, for tests that work below
 * the worker or must do what the worker may not.
 */
public final class TestDatabase {

    /** Owns the ledger's schemas and runs the migrations. */
    public static final String OWNER_ROLE = "cryptoassets_test_owner";
    /** What worker contexts connect as: DML only, and only INSERT and SELECT on ledger entries. */
    public static final String RUNTIME_ROLE = "cryptoassets_test_runtime";
    /** Password of both roles (the local server trusts them anyway; a container asks). */
    public static final String ROLE_PASSWORD = "cryptoassets_test";

    // Two runs may create a role at once: the loser's CREATE fails with duplicate_object (or a
    // unique violation on the catalog), and that is as good as having created it.
    private static final String CREATE_ROLE = """
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                    CREATE ROLE %1$s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '%2$s';
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END
            $$""";

    private static TestDatabase instance;

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;
    private final PostgreSQLContainer container;
    private final Set<String> scratches = ConcurrentHashMap.newKeySet();
    private HikariDataSource dataSource;

    private TestDatabase(String serverUrl, String user, String password, PostgreSQLContainer container) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.container = container;
        this.name = "cryptoassets_test_"
                + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = locateServer();
            instance.execute("CREATE DATABASE " + instance.name);
            instance.execute(CREATE_ROLE.formatted(OWNER_ROLE, ROLE_PASSWORD));
            instance.execute(CREATE_ROLE.formatted(RUNTIME_ROLE, ROLE_PASSWORD));
            instance.execute("GRANT CREATE ON DATABASE " + instance.name + " TO " + OWNER_ROLE);
        }
        return instance;
    }

    /** Drops the run's database (disconnecting anyone still attached) if one was created. */
    static synchronized void dropIfCreated() {
        if (instance == null) {
            return;
        }
        if (instance.dataSource != null) {
            instance.dataSource.close();
        }
        for (String scratch : List.copyOf(instance.scratches)) {
            instance.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
        }
        instance.execute("DROP DATABASE IF EXISTS " + instance.name + " WITH (FORCE)");
        if (instance.container != null) {
            instance.container.stop();
        }
        instance = null;
    }

    private static TestDatabase locateServer() {
        String url = System.getenv("CRYPTOASSETS_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase(url, envOr("CRYPTOASSETS_TEST_DB_USER", "postgres"),
                    envOr("CRYPTOASSETS_TEST_DB_PASSWORD", ""), null);
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(), container);
        }
        return new TestDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", null);
    }

    public String jdbcUrl() {
        return urlOf(name);
    }

    private String urlOf(String database) {
        // Swap the database path of the server URL for the given database, keeping parameters.
        int slash = serverUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = serverUrl.indexOf('?', slash);
        return serverUrl.substring(0, slash + 1) + database + (query < 0 ? "" : serverUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * A second database on the run's server, named after the run's, for worker processes that
     * must not share the run's database with the in-JVM workers of other tests. Dropped on
     * {@link Scratch#close()}, or with the run's database if a test never gets there.
     */
    public Scratch scratch(String suffix) {
        Scratch scratch = new Scratch(name + "_" + suffix);
        execute("CREATE DATABASE " + scratch.name);
        scratches.add(scratch.name);
        execute("GRANT CREATE ON DATABASE " + scratch.name + " TO " + OWNER_ROLE);
        return scratch;
    }

    /** A database created by {@link #scratch}. */
    public final class Scratch implements AutoCloseable {

        private final String name;

        private Scratch(String name) {
            this.name = name;
        }

        public String jdbcUrl() {
            return urlOf(name);
        }

        @Override
        public void close() {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            scratches.remove(name);
        }
    }

    /** A small pool on the run's database, for tests that work below the Spring context. */
    public synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl());
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(40);
            // Opened as tests need them, not 40 at once: the server's connections are shared with
            // the worker contexts of the run (which, as a non-superuser role, cannot use the
            // slots PostgreSQL reserves for superusers) and with other runs on the machine.
            config.setMinimumIdle(2);
            config.setPoolName("test-database");
            dataSource = new HikariDataSource(config);
        }
        return dataSource;
    }

    private void execute(String sql) {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        try (Connection connection = DriverManager.getConnection(serverUrl, credentials);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + serverUrl, e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
