package io.cryptoassets.worker.testsupport;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring context at the run's database and broker, connected as the runtime role with
 * migrations run by the owner role (see {@link TestDatabase}), with BTC on a simulated chain that
 * every context of the test JVM shares (so several workers see one network) and mines only when
 * a test says so, and XBT without a node, whose deposits are credited as reported: for tests of
 * ledger rules rather than of the chain. Chain intervals are short so tests need not wait long.
 * On both assets a withdrawal of at least {@link #APPROVAL_THRESHOLD} is held for two approvers,
 * far above what any other test withdraws.
 *
 * <p>Two more assets without a node carry withdrawal policies, so that their limits meet only the
 * tests of policies: {@link RequestTraffic#POLICY_ASSET} with a maximum per withdrawal and an
 * approval threshold as every account's defaults, and {@link RequestTraffic#ASSET_WINDOW_ASSET}
 * with an asset-wide window limit, which one test exhausts for the whole run.
 */
public class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Withdrawals of at least this much are held for {@code 2} approvers, on BTC and XBT. */
    public static final long APPROVAL_THRESHOLD = 1_000_000_000_000L;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase database = TestDatabase.get();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-infrastructure", Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", TestDatabase.RUNTIME_ROLE,
                "spring.datasource.password", TestDatabase.ROLE_PASSWORD,
                "cryptoassets.database.owner-username", TestDatabase.OWNER_ROLE,
                "cryptoassets.database.owner-password", TestDatabase.ROLE_PASSWORD,
                "spring.kafka.bootstrap-servers", TestKafka.get().bootstrapServers())));
        context.getEnvironment().getPropertySources().addAfter("test-infrastructure", new MapPropertySource("test-chain", Map.ofEntries(
                Map.entry("cryptoassets.assets[0].code", "BTC"),
                Map.entry("cryptoassets.assets[0].node.type", "simulated"),
                Map.entry("cryptoassets.assets[0].node.simulated.block-interval", "0s"),
                Map.entry("cryptoassets.assets[0].node.simulated.shared-in-jvm", "true"),
                Map.entry("cryptoassets.assets[0].policy.approval-threshold", Long.toString(APPROVAL_THRESHOLD)),
                Map.entry("cryptoassets.assets[0].policy.approvals-required", "2"),
                Map.entry("cryptoassets.assets[1].code", RequestTraffic.REPORTED_ASSET),
                Map.entry("cryptoassets.assets[1].policy.approval-threshold", Long.toString(APPROVAL_THRESHOLD)),
                Map.entry("cryptoassets.assets[1].policy.approvals-required", "2"),
                Map.entry("cryptoassets.approvals.expiry-interval", "200ms"),
                Map.entry("cryptoassets.holds.expiry-interval", "200ms"),
                Map.entry("cryptoassets.assets[2].code", RequestTraffic.POLICY_ASSET),
                Map.entry("cryptoassets.assets[2].policy.max-per-withdrawal", RequestTraffic.POLICY_MAX.toString()),
                Map.entry("cryptoassets.assets[2].policy.approval-threshold", RequestTraffic.POLICY_THRESHOLD.toString()),
                Map.entry("cryptoassets.assets[3].code", RequestTraffic.ASSET_WINDOW_ASSET),
                Map.entry("cryptoassets.assets[3].policy.asset-window-amount", RequestTraffic.ASSET_WINDOW_AMOUNT.toString()),
                Map.entry("cryptoassets.chain.broadcast-interval", "100ms"),
                Map.entry("cryptoassets.chain.confirmations-interval", "200ms"),
                Map.entry("cryptoassets.chain.broken-after", "2s"),
                Map.entry("cryptoassets.chain.refused-retry-after", "300ms"),
                Map.entry("cryptoassets.chain.node-unreachable-after", "2s"),
                // Tests that check reserves drive the watch themselves: the test ledger's figures
                // are whatever earlier tests left, so a periodic check would alert at random.
                Map.entry("cryptoassets.chain.reserves-interval", "0s"),
                Map.entry("cryptoassets.chain.scan-interval", "0s"),
                Map.entry("cryptoassets.chain.scan-on-start", "false"))));
    }
}
