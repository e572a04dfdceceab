package io.cryptoassets.worker.chain;

import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.broadcast.Broadcaster;
import io.cryptoassets.worker.broadcast.BrokenBroadcastWatch;
import io.cryptoassets.worker.tracking.ConfirmationTracker;
import io.cryptoassets.worker.tracking.DepositScanner;
import io.cryptoassets.worker.tracking.NodeHealthWatch;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The nodes, and the scheduler that drives them unless {@code cryptoassets.chain.enabled=false}. */
@Configuration(proxyBeanMethods = false)
class ChainConfiguration {

    @Bean(destroyMethod = "close")
    Nodes nodes(LedgerProperties ledger) {
        return new Nodes(ledger);
    }

    @Bean
    @ConditionalOnProperty(name = "cryptoassets.chain.enabled", havingValue = "true", matchIfMissing = true)
    ChainScheduler chainScheduler(LedgerProperties ledger, ChainProperties properties, Nodes nodes,
                                  Broadcaster broadcaster, BrokenBroadcastWatch brokenWatch,
                                  ConfirmationTracker confirmations, DepositScanner scanner, NodeHealthWatch health) {
        return new ChainScheduler(ledger, properties, nodes, broadcaster, brokenWatch, confirmations, scanner, health);
    }
}
