package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import io.cryptoassets.worker.tracking.ConfirmationTracker;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * A second worker of the test JVM whose chain side runs only when a test says so, one step at a
 * time: broadcast rounds, confirmation polls and the broken-broadcast watch are called by the
 * test, with a node it may wrap to inject crashes. Its settings are the ones the broadcaster's
 * tests need: a short {@code signing-timeout}, few refusals before an alert, few blocks before
 * a transaction is stuck, and BTC addresses of the test network accepted beside mainnet ones
 * (the simulated chain is a mainnet one, so it refuses them: an address the worker accepts and
 * the node does not).
 *
 * <p>While a test drives it, it is the only worker acting: the shared test worker's chain side
 * and request listener are stopped ({@link #takeOver}), and restarted afterwards
 * ({@link #handBack}); between tests this one's request listener is stopped instead, so that
 * its wider address rules never answer another test's requests. Started once per test class.
 */
final class DrivenWorker {

    static final String SIGNING_TIMEOUT = "1s";
    static final int REFUSALS_BEFORE_ALERT = 3;
    static final int STUCK_AFTER_BLOCKS = 3;
    private static final String REQUEST_LISTENER = "cryptoassets-requests";

    private static DrivenWorker instance;

    private final ConfigurableApplicationContext context;

    private DrivenWorker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static synchronized DrivenWorker get() {
        if (instance == null) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerApplication.class)
                    .initializers(new TestInfrastructure(), DrivenWorker::assets)
                    .run("--cryptoassets.chain.enabled=false",
                            "--cryptoassets.chain.signing-timeout=" + SIGNING_TIMEOUT,
                            "--cryptoassets.chain.refusals-before-alert=" + REFUSALS_BEFORE_ALERT,
                            "--cryptoassets.chain.stuck-after-blocks=" + STUCK_AFTER_BLOCKS);
            listener(context).stop();
            instance = new DrivenWorker(context);
        }
        return instance;
    }

    /**
     * Closes the worker, if one was started: after each test class, while the run's broker is
     * still up, since the broker stops when the test session ends, before the JVM's shutdown hooks.
     */
    static synchronized void closeIfStarted() {
        if (instance != null) {
            instance.context.close();
            instance = null;
        }
    }

    /** Stops the shared worker's chain side and request listener, and starts this one's listener. */
    void takeOver(ApplicationContext shared) {
        shared.getBean("chainScheduler", Lifecycle.class).stop();
        listener(shared).stop();
        listener(context).start();
    }

    /** The reverse of {@link #takeOver}. */
    void handBack(ApplicationContext shared) {
        listener(context).stop();
        listener(shared).start();
        shared.getBean("chainScheduler", Lifecycle.class).start();
    }

    Broadcaster broadcaster() {
        return context.getBean(Broadcaster.class);
    }

    ConfirmationTracker tracker() {
        return context.getBean(ConfirmationTracker.class);
    }

    BrokenBroadcastWatch brokenWatch() {
        return context.getBean(BrokenBroadcastWatch.class);
    }

    AssetProperties asset() {
        return context.getBean(LedgerProperties.class).asset(RequestTraffic.ASSET).orElseThrow();
    }

    /** Rounds until one finds nothing more to do; as the scheduler runs them. */
    void roundsUntilIdle(NodePort node) {
        roundsUntilIdle(asset(), node);
    }

    void roundsUntilIdle(AssetProperties asset, NodePort node) {
        for (int rounds = 0; broadcaster().round(asset, node); rounds++) {
            if (rounds > 1_000) {
                throw new IllegalStateException("broadcast rounds never ran out of work");
            }
        }
    }

    /**
     * The test assets with BTC accepting test-network addresses too. A list binds whole from the
     * first property source that has any of its elements, so the whole list is repeated here, in
     * a source ahead of the test infrastructure's.
     */
    private static void assets(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("driven-worker-assets", Map.of(
                "cryptoassets.assets[0].code", RequestTraffic.ASSET,
                "cryptoassets.assets[0].node.type", "simulated",
                "cryptoassets.assets[0].node.simulated.block-interval", "0s",
                "cryptoassets.assets[0].node.simulated.shared-in-jvm", "true",
                "cryptoassets.assets[0].address-networks", "main,test",
                "cryptoassets.assets[1].code", RequestTraffic.REPORTED_ASSET)));
    }

    private static Lifecycle listener(ApplicationContext context) {
        return context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(REQUEST_LISTENER);
    }
}
