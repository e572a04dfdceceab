package io.cryptoassets.worker.audit;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.ledger.LedgerEvents;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import io.cryptoassets.worker.outbox.OutboxWriter;
import io.cryptoassets.worker.tx.SerializableTransactions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The periodic reserves check of a running worker: raises {@code RESERVES_SHORTFALL} when the
 * ledger owes more than the node wallet and cold storage hold, and {@code RESERVES_RESTORED} when it holds enough
 * again. A shortfall counts only when this worker saw it in two checks in a row, so a send caught
 * between the node's answer and the ledger's read does not page anyone. Each change is a
 * conditional update of the asset's {@code reserves_state} row committed with its alert, so with
 * any number of workers it is announced once. The gauge {@code cryptoassets.reserves.surplus{asset}}
 * shows the last surplus seen (negative: a shortfall).
 */
@Component
public class ReservesWatch {

    private static final Logger log = LoggerFactory.getLogger(ReservesWatch.class);

    private static final String MARK_SHORT = """
            UPDATE %s.reserves_state
            SET short_since = now(), shortfall = :shortfall
            WHERE short_since IS NULL
            """;

    private static final String MARK_RESTORED = """
            UPDATE %s.reserves_state
            SET short_since = NULL, shortfall = NULL
            WHERE short_since IS NOT NULL
            """;

    private final Reserves reserves;
    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final OutboxWriter outbox;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Set<String> shortLastTime = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicReference<BigInteger>> surplus = new ConcurrentHashMap<>();

    ReservesWatch(Reserves reserves, JdbcClient jdbc, SerializableTransactions transactions, OutboxWriter outbox,
                  MeterRegistry registry, Clock clock) {
        this.reserves = reserves;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.registry = registry;
        this.clock = clock;
    }

    /** One check of {@code asset}; a node that does not answer fails it, and the next check tries again. */
    public AssetReserves check(AssetProperties asset, NodePort node) {
        AssetReserves r = reserves.of(asset, node);
        surplus.computeIfAbsent(asset.code(), this::gauge).set(r.surplus());
        if (!r.shortfall()) {
            shortLastTime.remove(asset.code());
            announce(asset, MARK_RESTORED, AlertKind.RESERVES_RESTORED, r,
                    "the " + asset.code() + " node wallet and cold storage hold what the ledger owes again");
        } else if (!shortLastTime.add(asset.code())) {
            announce(asset, MARK_SHORT, AlertKind.RESERVES_SHORTFALL, r,
                    "the ledger owes " + r.liabilities() + " " + asset.code() + " units but the node wallet holds "
                            + r.hotWallet() + " and cold storage " + r.coldWallet() + ": short by " + r.surplus().negate());
        }
        return r;
    }

    private AtomicReference<BigInteger> gauge(String asset) {
        AtomicReference<BigInteger> last = new AtomicReference<>(BigInteger.ZERO);
        Gauge.builder("cryptoassets.reserves.surplus", last, l -> l.get().doubleValue())
                .tags(Tags.of("asset", asset)).baseUnit("smallest unit").register(registry);
        return last;
    }

    private void announce(AssetProperties asset, String update, AlertKind kind, AssetReserves r, String message) {
        boolean announced = transactions.inTransaction(kind.name(), s -> {
            boolean changed = jdbc.sql(update.formatted(asset.schemaName().value()))
                    .paramSource(Map.of("shortfall", new BigDecimal(r.surplus().negate().max(BigInteger.ZERO))))
                    .update() == 1;
            if (changed) {
                Map<String, String> details = kind == AlertKind.RESERVES_SHORTFALL
                        ? Map.of("liabilities", r.liabilities().toString(), "hotWallet", r.hotWallet().toString(),
                        "coldWallet", r.coldWallet().toString(), "shortfall", r.surplus().negate().toString())
                        : Map.of("liabilities", r.liabilities().toString(), "hotWallet", r.hotWallet().toString(),
                        "coldWallet", r.coldWallet().toString());
                outbox.append(List.of(LedgerEvents.message(asset.code(), new PendingAlert(kind, message, details),
                        clock.instant())));
            }
            return changed;
        });
        if (announced && kind == AlertKind.RESERVES_SHORTFALL) {
            log.error("{}: {}; RESERVES_SHORTFALL raised", asset.code(), message);
        } else if (announced) {
            log.info("{}: {}", asset.code(), message);
        }
    }
}
