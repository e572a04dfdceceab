package io.cryptoassets.worker.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * Binds the Kafka clients the worker builds itself (the request consumers, the dead-letter and
 * relay producers) to Micrometer, as Spring Boot does for the factories it builds: every metric
 * the Kafka client keeps is then a meter, named {@code kafka.consumer.*} / {@code kafka.producer.*}
 * and tagged with the client id, among them the consumer lag of each assigned partition
 * ({@code kafka.consumer.fetch.manager.records.lag{topic,partition}}). The meters of a client go
 * with it when it closes.
 */
@Configuration(proxyBeanMethods = false)
class KafkaClientMetrics {

    @Bean
    static BeanPostProcessor kafkaClientMetricsBinder(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory
                        && factory.getConsumerFactory() != null
                        && factory.getConsumerFactory().getListeners().stream()
                                .noneMatch(MicrometerConsumerListener.class::isInstance)) {
                    factory.getConsumerFactory().addListener(new MicrometerConsumerListener<>(registry.getObject()));
                } else if (bean instanceof KafkaTemplate<?, ?> template
                        && template.getProducerFactory().getListeners().stream()
                                .noneMatch(MicrometerProducerListener.class::isInstance)) {
                    template.getProducerFactory().addListener(new MicrometerProducerListener<>(registry.getObject()));
                }
                // Factories Spring Boot built are bound already; binding twice would count twice.
                return bean;
            }
        };
    }
}
