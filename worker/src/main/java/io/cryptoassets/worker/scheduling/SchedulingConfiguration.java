package io.cryptoassets.worker.scheduling;

import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.audit.ReservesWatch;
import io.cryptoassets.worker.broadcast.Broadcaster;
import io.cryptoassets.worker.broadcast.BrokenBroadcastWatch;
import io.cryptoassets.worker.chain.ChainProperties;
import io.cryptoassets.worker.chain.Nodes;
import io.cryptoassets.worker.ledger.ApprovalExpiry;
import io.cryptoassets.worker.ledger.ApprovalProperties;
import io.cryptoassets.worker.ledger.HoldExpiry;
import io.cryptoassets.worker.ledger.HoldProperties;
import io.cryptoassets.worker.tracking.ConfirmationTracker;
import io.cryptoassets.worker.tracking.DepositScanner;
import io.cryptoassets.worker.tracking.NodeHealthWatch;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The schedulers of the chain side, of approval expiry and of hold expiry, unless
 * {@code cryptoassets.chain.enabled=false} (admin commands).
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    @Bean
    @ConditionalOnProperty(name = "cryptoassets.chain.enabled", havingValue = "true", matchIfMissing = true)
    ChainScheduler chainScheduler(LedgerProperties ledger, ChainProperties properties, Nodes nodes,
                                  Broadcaster broadcaster, BrokenBroadcastWatch brokenWatch,
                                  ConfirmationTracker confirmations, DepositScanner scanner, NodeHealthWatch health,
                                  ReservesWatch reserves) {
        return new ChainScheduler(ledger, properties, nodes,
                new ChainScheduler.Tasks(broadcaster, brokenWatch, confirmations, scanner, health, reserves));
    }

    @Bean
    @ConditionalOnProperty(name = "cryptoassets.chain.enabled", havingValue = "true", matchIfMissing = true)
    ExpiryScheduler approvalScheduler(LedgerProperties ledger, ApprovalProperties properties, ApprovalExpiry expiry) {
        return new ExpiryScheduler("approval-expiry", ledger, properties.expiryInterval(), expiry::round,
                "{} withdrawal(s) not approved in time were failed and refunded");
    }

    @Bean
    @ConditionalOnProperty(name = "cryptoassets.chain.enabled", havingValue = "true", matchIfMissing = true)
    ExpiryScheduler holdScheduler(LedgerProperties ledger, HoldProperties properties, HoldExpiry expiry) {
        return new ExpiryScheduler("hold-expiry", ledger, properties.expiryInterval(), expiry::round,
                "{} hold(s) expired and released");
    }
}
