package io.cryptoassets.worker.chain;

import io.cryptoassets.worker.asset.LedgerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The nodes of the configured assets. */
@Configuration(proxyBeanMethods = false)
class ChainConfiguration {

    @Bean(destroyMethod = "close")
    Nodes nodes(LedgerProperties ledger) {
        return new Nodes(ledger);
    }
}
