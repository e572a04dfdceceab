package io.cryptoassets.worker.chaos;

import io.cryptoassets.worker.admin.ExitCodes;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The operator on call, following README's procedure for broken broadcasts: for each one, look
 * on the chain for a send paying exactly its outputs; if there is one, {@code broadcasts resolve
 * ID --txid X}; if there is none and none can still arrive, {@code --not-sent}. "Cannot still
 * arrive" is judged as a careful operator would: the broadcast was opened longer ago than any
 * worker's send can take ({@code notSentAfter} exceeds the workers' send timeout), since a worker
 * that is merely slow, not dead, could otherwise send it after the operator released it.
 */
final class OperatorDesk {

    private static final Logger log = LoggerFactory.getLogger(OperatorDesk.class);

    /** One resolution: {@code txid} or {@code not-sent}. */
    record Resolution(long broadcastId, String how, String txid) {
    }

    private static final String BROKEN = """
            SELECT id, opened_at < now() - make_interval(secs => :notSentAfter) AS long_gone
            FROM btc.network_transaction
            WHERE (state = 'broken' OR (state = 'signed' AND broken_alerted_at IS NOT NULL))
              AND opened_at < now() - make_interval(secs => :brokenAfter)
            ORDER BY id
            """;

    private static final String OUTPUTS = """
            SELECT address, sum(amount) AS amount FROM btc.transaction WHERE network_transaction_id = :id GROUP BY address
            """;

    private final JdbcClient jdbc;
    private final SimulatedChain chain;
    private final WorkerFleet fleet;
    private final Duration brokenAfter;
    private final Duration notSentAfter;
    private final List<Resolution> resolutions = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicInteger retriedCommands = new AtomicInteger();
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "operator");
        thread.setDaemon(true);
        return thread;
    });

    OperatorDesk(JdbcClient jdbc, SimulatedChain chain, WorkerFleet fleet, Duration brokenAfter, Duration notSentAfter) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.fleet = fleet;
        this.brokenAfter = brokenAfter;
        this.notSentAfter = notSentAfter;
    }

    /** Looks at the broken broadcasts every {@code interval} until {@link #stopRounds()}. */
    void startRounds(Duration interval) {
        rounds.scheduleWithFixedDelay(() -> {
            try {
                resolveBroken();
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
                log.warn("operator round failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops without waiting or checking, for a test that failed: an admin command running ends by itself. */
    void abandon() {
        rounds.shutdownNow();
    }

    /** Lets a round in progress finish (never interrupts an admin command), then stops. */
    void stopRounds() throws InterruptedException {
        rounds.shutdown();
        if (!rounds.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("an operator round did not finish");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("an operator round failed", failure.get());
        }
    }

    List<Resolution> resolutions() {
        return List.copyOf(resolutions);
    }

    /** Commands the database failed (exit code 4) and that were run again. */
    int retriedCommands() {
        return retriedCommands.get();
    }

    /** Double sends seen, and admin commands that did not do what they said. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    /** One look at the broken broadcasts; resolves those that can be. */
    void resolveBroken() throws IOException, InterruptedException {
        List<Map<String, Object>> broken = jdbc.sql(BROKEN).param("brokenAfter", brokenAfter.toMillis() / 1000.0)
                .param("notSentAfter", notSentAfter.toMillis() / 1000.0).query().listOfRows();
        for (Map<String, Object> row : broken) {
            long id = ((Number) row.get("id")).longValue();
            Map<String, BigInteger> outputs = new HashMap<>();
            jdbc.sql(OUTPUTS).param("id", id).query((rs, n) -> outputs.put(rs.getString("address"),
                    rs.getBigDecimal("amount").toBigIntegerExact())).list();
            List<SimulatedSend> sends = chain.sends().stream().filter(s -> s.outputs().equals(outputs)).toList();
            if (sends.size() > 1) {
                violations.add("broadcast " + id + " reached the chain " + sends.size() + " times: " + sends);
            } else if (sends.size() == 1) {
                resolve(new Resolution(id, "txid", sends.get(0).txid()), "--txid", sends.get(0).txid());
            } else if ((Boolean) row.get("long_gone")) {
                resolve(new Resolution(id, "not-sent", null), "--not-sent");
            }
        }
    }

    private boolean closedByItsWorker(long id) {
        return jdbc.sql("SELECT closed_at IS NOT NULL AND resolution IS NULL FROM btc.network_transaction WHERE id = :id")
                .param("id", id).query(Boolean.class).single();
    }

    private void resolve(Resolution resolution, String... how) throws IOException, InterruptedException {
        String[] args = new String[3 + how.length];
        args[0] = "broadcasts";
        args[1] = "resolve";
        args[2] = Long.toString(resolution.broadcastId());
        System.arraycopy(how, 0, args, 3, how.length);
        WorkerFleet.AdminRun run = fleet.admin(args);
        log.info("operator: broadcasts resolve {} {} -> exit {}: {}", resolution.broadcastId(), String.join(" ", how),
                run.exitCode(), run.output().strip());
        if (run.exitCode() == 0) {
            resolutions.add(resolution);
        } else if (closedByItsWorker(resolution.broadcastId())) {
            // A worker that was slow, not dead, recorded its send between our look and the command.
            log.info("operator: broadcast {} was closed by its worker meanwhile", resolution.broadcastId());
        } else if (run.exitCode() == ExitCodes.UNAVAILABLE) {
            // The database failed the command (under load: conflicts beyond its retries); README's
            // exit codes make that a "try again", which the next round does.
            retriedCommands.incrementAndGet();
        } else {
            violations.add("broadcasts resolve " + resolution.broadcastId() + " " + String.join(" ", how)
                    + " exited " + run.exitCode() + ": " + run.output());
        }
    }
}
