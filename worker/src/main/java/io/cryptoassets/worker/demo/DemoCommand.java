package io.cryptoassets.worker.demo;

import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.admin.ExitCodes;
import io.cryptoassets.worker.chain.Nodes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code demo}: the whole flow on one machine. Runs a worker (request listener, relay, chain
 * side) on a simulated chain that mines a block a second, and a scripted client that talks to
 * it only through Kafka; prints progress on one line and a summary at the end. The simulated
 * chain stands for the outside world: the client uses it only to have outsiders pay addresses.
 */
@Command(name = "demo", description = "Run a worker on a simulated chain with a scripted client, and show the flow.")
public final class DemoCommand implements Callable<Integer> {

    static final int TRACKING_LIMIT = 6;
    /** The id of the worker's request listener container. */
    private static final String REQUEST_LISTENER = "cryptoassets-requests";
    /** A regtest address whose keys the demo's node does not hold: its cold storage. */
    static final String COLD_ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    @Spec
    CommandSpec spec;

    @Option(names = "--accounts", defaultValue = "8", description = "Accounts the client opens, 2 to 16 (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--database-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/cryptoassets_demo",
            description = "An empty or demo database (default: ${DEFAULT-VALUE}).")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "postgres", description = "Default: ${DEFAULT-VALUE}.")
    String databaseUser;

    @Option(names = "--database-owner", description = "Role that runs the migrations and owns the tables, with the "
            + "database user as the runtime role (default: the database user does both).")
    String databaseOwner;

    @Option(names = "--kafka", defaultValue = "127.0.0.1:9092", description = "Bootstrap servers (default: ${DEFAULT-VALUE}).")
    String kafka;

    @Override
    public Integer call() throws Exception {
        if (accounts < 2 || accounts > 16) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--accounts must be between 2 and 16");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("demo: starting a worker on a simulated BTC chain (a block every second), database " + databaseUrl);
        out.flush();
        try (ConfigurableApplicationContext worker = startWorker();
             DemoClient client = startClient(worker, out)) {
            StatusLine status = new StatusLine(out, System.console() != null);
            DemoScript script = new DemoScript(client, worker.getBean(Nodes.class).simulated(DemoScript.ASSET).orElseThrow(),
                    status, accounts, TRACKING_LIMIT);
            script.run();
            boolean consistent = DemoSummary.print(out, client, script, worker);
            out.println(consistent ? "demo: done" : "demo: finished with inconsistencies (see above)");
            out.flush();
            return consistent ? ExitCodes.OK : ExitCodes.VIOLATIONS;
        }
    }

    /**
     * Moves the demo's consumer group past earlier requests, then starts the worker's request
     * listener and the client. Every Kafka client here is built from the worker's own
     * {@code spring.kafka.*} settings, so a broker that wants TLS and SASL credentials gets them.
     */
    private static DemoClient startClient(ConfigurableApplicationContext worker, PrintWriter out) throws InterruptedException {
        KafkaProperties kafka = worker.getBean(KafkaProperties.class);
        long skipped = DemoGroup.skipEarlierRequests(kafka.buildAdminProperties());
        if (skipped > 0) {
            out.printf("demo: the broker holds %,d earlier requests this demo's worker has not seen; it starts after them%n",
                    skipped);
        }
        worker.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(REQUEST_LISTENER).start();
        return new DemoClient(kafka.buildProducerProperties(), kafka.buildConsumerProperties());
    }

    private ConfigurableApplicationContext startWorker() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", databaseUrl);
        settings.put("spring.datasource.username", databaseUser);
        if (databaseOwner != null) {
            settings.put("cryptoassets.database.owner-username", databaseOwner);
        }
        settings.put("spring.kafka.bootstrap-servers", kafka);
        settings.put("cryptoassets.assets[0].code", DemoScript.ASSET);
        settings.put("cryptoassets.assets[0].address-networks", "regtest");
        settings.put("cryptoassets.assets[0].confirmations-to-credit", "3");
        settings.put("cryptoassets.assets[0].tracking-limit", Integer.toString(TRACKING_LIMIT));
        settings.put("cryptoassets.assets[0].node.type", "simulated");
        settings.put("cryptoassets.assets[0].node.simulated.block-interval", "1s");
        settings.put("cryptoassets.assets[0].policy.approval-threshold", Long.toString(DemoScript.APPROVAL_THRESHOLD));
        settings.put("cryptoassets.assets[0].policy.approvals-required", "2");
        // A hot wallet one satoshi under its 1,000 BTC ceiling: the outsiders' deposits push it over, and
        // it is swept once down to its 500 BTC target (after the client listens for the COLD_SWEEP alert);
        // 16 accounts' deposits are far too small to cross the ceiling again.
        settings.put("cryptoassets.assets[0].node.simulated.wallet-balance", "99999999999");
        settings.put("cryptoassets.assets[0].hot-wallet.max", "100000000000");
        settings.put("cryptoassets.assets[0].hot-wallet.target", "50000000000");
        settings.put("cryptoassets.assets[0].hot-wallet.cold-addresses[0]", COLD_ADDRESS);
        settings.put("cryptoassets.chain.broadcast-interval", "500ms");
        settings.put("cryptoassets.chain.confirmations-interval", "500ms");
        settings.put("cryptoassets.chain.scan-interval", "2s");
        settings.put("cryptoassets.requests.group-id", DemoGroup.ID);
        // Started by startClient, once the group was moved past earlier requests.
        settings.put("cryptoassets.requests.auto-startup", "false");
        return new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                // Logging is set up before initializers run, so its levels go in as defaults.
                .properties(Map.of("logging.level.root", "WARN", "logging.level.org.apache.kafka", "ERROR"))
                // Above application.yml, so the demo's asset list replaces the configured one.
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("demo", settings)))
                .run();
    }
}
