package io.cryptoassets.worker.testsupport;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.worker.admin.AdminCli;
import io.cryptoassets.worker.admin.AdminContext;
import io.cryptoassets.worker.chain.Nodes;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The test JVM's simulated BTC chain, with the look-ups chain tests make on the ledger. */
public final class ChainFixture {

    private final JdbcClient jdbc;
    private final ApplicationContext context;
    private final SimulatedChain chain;

    public ChainFixture(ApplicationContext context) {
        this.context = context;
        this.jdbc = context.getBean(JdbcClient.class);
        this.chain = context.getBean(Nodes.class).simulated(RequestTraffic.ASSET).orElseThrow();
    }

    public SimulatedChain chain() {
        return chain;
    }

    /** The result of one admin command run in this context. */
    public record CommandRun(int exitCode, String out, String err) {
    }

    public CommandRun admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCli.run(args, new AdminContext(() -> context), new PrintWriter(out), new PrintWriter(err));
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** Withdraws {@code amount} from {@code account} to {@code address} and waits for the answer. */
    public UUID withdraw(RequestTraffic traffic, String account, String address, long amount) {
        UUID id = UUID.randomUUID();
        traffic.send(Topics.WITHDRAWAL_REQUESTS, null, new WithdrawalRequested(id, RequestTraffic.ASSET, account,
                address, BigInteger.valueOf(amount), null, false));
        traffic.awaitAnswered(List.of(id));
        return id;
    }

    /** Sends that paid {@code address}, so tests count them whatever else the shared chain carries. */
    public List<SimulatedSend> sendsTo(String address) {
        return chain.sends().stream().filter(s -> s.outputs().containsKey(address)).toList();
    }

    public String state(UUID withdrawal) {
        return jdbc.sql("SELECT state FROM btc.transaction WHERE request_id = :id").param("id", withdrawal)
                .query(String.class).single();
    }

    public long broadcastOf(UUID withdrawal) {
        return jdbc.sql("SELECT network_transaction_id FROM btc.transaction WHERE request_id = :id")
                .param("id", withdrawal).query(Long.class).single();
    }

    public void awaitState(UUID withdrawal, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> state.equals(state(withdrawal)));
    }

    /**
     * Waits until no withdrawal left by earlier tests is still on its way (sendmany's opened and
     * broken broadcasts aside, which wait for an operator), so a fault injected next strikes this
     * test's send and nobody else's.
     */
    public void awaitIdle() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.sql("""
                SELECT count(*) FROM btc.transaction t
                LEFT JOIN btc.network_transaction n ON n.id = t.network_transaction_id
                WHERE t.type = 'broadcast' AND t.state = 'pending'
                  AND (n.id IS NULL OR n.state IN ('grouped', 'signing', 'signed'))
                """).query(Long.class).single() == 0);
    }

    public int networkConfirmations(long broadcast) {
        return jdbc.sql("SELECT confirmations FROM btc.network_transaction WHERE id = :id").param("id", broadcast)
                .query(Integer.class).single();
    }
}
