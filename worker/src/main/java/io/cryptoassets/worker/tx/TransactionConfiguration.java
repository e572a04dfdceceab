package io.cryptoassets.worker.tx;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

    @Bean
    TransactionMetrics transactionMetrics(MeterRegistry registry) {
        return new TransactionMetrics(registry);
    }

    @Bean
    SerializableTransactions serializableTransactions(PlatformTransactionManager transactionManager,
                                                      TransactionRetryProperties properties,
                                                      TransactionMetrics metrics) {
        return new SerializableTransactions(transactionManager, properties, metrics);
    }
}
