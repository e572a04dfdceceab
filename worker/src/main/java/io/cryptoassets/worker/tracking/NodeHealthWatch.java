package io.cryptoassets.worker.tracking;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.ledger.LedgerEvents;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import io.cryptoassets.worker.outbox.OutboxWriter;
import io.cryptoassets.worker.tx.SerializableTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Asks each asset's node for its block count every {@link ChainProperties#nodeProbeInterval()}
 * and tells operators when it stops answering and when it answers again.
 *
 * <p>Every worker probes, and every answer is recorded in the asset's {@code node_health} row.
 * The node is announced unreachable (one {@code NODE_UNREACHABLE}) when this worker's probes have
 * failed for {@code node-unreachable-after} and no worker has had an answer for as long; the
 * first answer after that announces {@code NODE_RECOVERED}. Both are conditional updates of that
 * row, committed with the alert in the outbox, so with any number of workers each outage is
 * announced once and ended once, and a worker cut off alone from a node the others still reach
 * announces nothing. The gauge {@code cryptoassets.node.up{asset}} is this worker's own view: 1
 * when its latest probe was answered.
 */
@Component
public class NodeHealthWatch {

    private static final Logger log = LoggerFactory.getLogger(NodeHealthWatch.class);

    private static final String ANSWERED = """
            UPDATE %s.node_health
            SET last_answer_at = greatest(last_answer_at, now())
            RETURNING state
            """;

    private static final String MARK_RECOVERED = """
            UPDATE %s.node_health
            SET state = 'up', recovered_at = now()
            WHERE state = 'down'
            RETURNING down_since
            """;

    private static final String MARK_DOWN = """
            UPDATE %s.node_health
            SET state = 'down', down_since = last_answer_at, last_error = :error
            WHERE state = 'up'
              AND last_answer_at < now() - make_interval(secs => :afterSeconds)
            RETURNING down_since
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final OutboxWriter outbox;
    private final ChainProperties properties;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, View> views = new ConcurrentHashMap<>();

    /** This worker's view of one node; only the asset's probe task changes it. */
    private static final class View {
        final AtomicInteger up = new AtomicInteger(1);
        long failingSinceNanos;
    }

    NodeHealthWatch(JdbcClient jdbc, SerializableTransactions transactions, OutboxWriter outbox,
                    ChainProperties properties, MeterRegistry registry, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.properties = properties;
        this.registry = registry;
        this.clock = clock;
    }

    /** One probe of {@code asset}'s node, and the announcement it calls for, if any. */
    public void probe(AssetProperties asset, NodePort node) {
        View view = views.computeIfAbsent(asset.code(), this::register);
        try {
            node.blockCount();
        } catch (NodeCallFailedException e) {
            failed(asset, view, Objects.requireNonNullElse(e.getMessage(), e.getClass().getName()));
            return;
        }
        answered(asset, view);
    }

    private View register(String asset) {
        View view = new View();
        registry.gauge("cryptoassets.node.up", Tags.of("asset", asset), view.up);
        return view;
    }

    private void answered(AssetProperties asset, View view) {
        view.up.set(1);
        String schema = asset.schemaName().value();
        String state = jdbc.sql(ANSWERED.formatted(schema)).query(String.class).single();
        if (!"down".equals(state)) {
            return;
        }
        Optional<OffsetDateTime> since = transactions.inTransaction("node recovered", s -> {
            Optional<OffsetDateTime> downSince = jdbc.sql(MARK_RECOVERED.formatted(schema))
                    .query(OffsetDateTime.class).optional();
            downSince.ifPresent(d -> outbox.append(List.of(LedgerEvents.message(asset.code(), new PendingAlert(
                    AlertKind.NODE_RECOVERED,
                    "the " + asset.code() + " node answers again; it had not answered since " + d.toInstant(),
                    Map.of("since", d.toInstant().toString())), clock.instant()))));
            return downSince;
        });
        since.ifPresent(d -> log.info("{}: the node answers again (unreachable since {})", asset.code(), d.toInstant()));
    }

    private void failed(AssetProperties asset, View view, String error) {
        long now = System.nanoTime();
        if (view.up.getAndSet(0) == 1) {
            view.failingSinceNanos = now;
        }
        log.debug("{}: the node did not answer a probe: {}", asset.code(), error);
        if (now - view.failingSinceNanos < properties.nodeUnreachableAfter().toNanos()) {
            return;
        }
        Optional<OffsetDateTime> since = transactions.inTransaction("node unreachable", s -> {
            Optional<OffsetDateTime> lastAnswer = jdbc.sql(MARK_DOWN.formatted(asset.schemaName().value()))
                    .param("error", error)
                    .param("afterSeconds", properties.nodeUnreachableAfter().toMillis() / 1000.0)
                    .query(OffsetDateTime.class).optional();
            lastAnswer.ifPresent(d -> outbox.append(List.of(LedgerEvents.message(asset.code(), new PendingAlert(
                    AlertKind.NODE_UNREACHABLE,
                    "the " + asset.code() + " node has not answered any worker since " + d.toInstant() + ": " + error,
                    Map.of("error", error, "since", d.toInstant().toString())), clock.instant()))));
            return lastAnswer;
        });
        since.ifPresent(d -> log.error("{}: the node has not answered since {}; NODE_UNREACHABLE raised: {}",
                asset.code(), d.toInstant(), error));
    }
}
