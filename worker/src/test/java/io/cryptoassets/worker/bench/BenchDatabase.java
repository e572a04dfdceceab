package io.cryptoassets.worker.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's database: created empty before each run (the worker's Flyway migrations
 * fill it), and what PostgreSQL counts about it.
 */
final class BenchDatabase {

    private static final String ROLLBACKS = """
            SELECT xact_rollback
            FROM pg_stat_database
            WHERE datname = ?
            """;

    private static final String BACKENDS = """
            SELECT pid
            FROM pg_stat_activity
            WHERE datname = ?
            """;

    private final String server;
    private final String user;
    private final String password;
    final String name;

    /**
     * @param server e.g. {@code jdbc:postgresql://127.0.0.1:5432/}
     * @param name   {@code [a-z_][a-z0-9_]*}, as it goes into DDL
     */
    BenchDatabase(String server, String user, String password, String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must match [a-z_][a-z0-9_]*: " + name);
        }
        this.server = server.endsWith("/") ? server : server + "/";
        this.user = user;
        this.password = password;
        this.name = name;
    }

    String url() {
        return server + name;
    }

    void recreate() throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
    }

    /** Refreshes the planner's statistics and the visibility map, as autovacuum would have by now. */
    void vacuumAnalyze() throws SQLException {
        try (Connection connection = connect(name); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE");
        }
    }

    /** Transactions rolled back in this database so far: serialization retries and failures. */
    long rollbacks() throws SQLException {
        try (Connection connection = connect("postgres"); PreparedStatement query = connection.prepareStatement(ROLLBACKS)) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Process ids of the server processes serving this database now (the worker's pool and relay). */
    List<Long> backends() throws SQLException {
        List<Long> pids = new ArrayList<>();
        try (Connection connection = connect("postgres"); PreparedStatement query = connection.prepareStatement(BACKENDS)) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getLong(1));
                }
            }
        }
        return pids;
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(server + database, user, password);
    }
}
