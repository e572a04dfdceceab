package io.cryptoassets.worker.health;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code nodes} (informative, not in readiness): down while any asset's node is announced
 * unreachable, that is while its {@code node_health} row says {@code down} (no worker has had an
 * answer for {@code node-unreachable-after}; NODE_UNREACHABLE was raised). Requests that need no
 * node go on meanwhile, so the worker stays ready. Assets without a node are not listed.
 */
@Component("nodesHealthIndicator")
class NodesHealth extends AbstractHealthIndicator {

    private static final String STATE = """
            SELECT state, last_answer_at, down_since, last_error
            FROM %s.node_health
            """;

    private final JdbcClient jdbc;
    private final LedgerProperties ledger;

    NodesHealth(JdbcClient jdbc, LedgerProperties ledger) {
        super("could not read the node_health rows");
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** The database failing the query is itself the answer: down, with the error (and a WARN). */
    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Health health = check();
        builder.status(health.getStatus()).withDetails(health.getDetails());
    }

    private Health check() {
        boolean allUp = true;
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (AssetProperties asset : ledger.assets()) {
            if (!asset.hasNode()) {
                continue;
            }
            Map<String, Object> node = jdbc.sql(STATE.formatted(asset.schemaName().value())).query((rs, row) -> {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("state", rs.getString("state"));
                details.put("lastAnswerAt", instant(rs.getObject("last_answer_at", OffsetDateTime.class)));
                if ("down".equals(rs.getString("state"))) {
                    details.put("downSince", instant(rs.getObject("down_since", OffsetDateTime.class)));
                    details.put("lastError", rs.getString("last_error"));
                }
                return details;
            }).single();
            allUp &= "up".equals(node.get("state"));
            nodes.put(asset.code(), node);
        }
        return (allUp ? Health.up() : Health.down()).withDetails(nodes).build();
    }

    private static String instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
