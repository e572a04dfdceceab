package io.cryptoassets.worker.admin;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.FieldError;
import io.cryptoassets.contracts.MessageType;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.schema.ContractSchemas;
import io.cryptoassets.contracts.serde.ContractSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code notify}: Bitcoin Core's {@code walletnotify} hook. Produces one {@code DepositNotified}
 * for the transaction and exits once the broker has acknowledged it, so the node's hook either
 * handed the notice over or failed visibly. Without {@code requestId}: the worker derives it from
 * asset and txid, so the node's second call for the same transaction (when it confirms) is a
 * replay, and the worker follows confirmations by itself.
 */
@Command(name = "notify", description = "Announce a wallet transaction (Bitcoin Core's walletnotify): produce one "
        + "DepositNotified to " + Topics.DEPOSIT_REQUESTS + " and wait for the broker's acknowledgement. "
        + "Needs Kafka only, no database.")
final class NotifyCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommand admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--asset", description = "Asset code; may be left out when only one asset is configured.")
    String asset;

    @Option(names = "--timeout", defaultValue = "30s", converter = SpringDuration.class,
            description = "Longest wait for the broker's acknowledgement, e.g. 30s or 2m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(paramLabel = "TXID", description = "The transaction id, 64 lower-case hex digits (walletnotify's %%s).")
    String txid;

    @Override
    public Integer call() throws InterruptedException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive");
        }
        DepositNotified notice = new DepositNotified(null, admin.context().asset(asset).code(), txid);
        List<FieldError> errors = ContractSchemas.standard()
                .validate(MessageType.DEPOSIT_NOTIFIED, ContractJson.mapper().valueToTree(notice));
        if (!errors.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "not a valid DepositNotified: " + errors.stream()
                    .map(error -> error.field() + " " + error.message()).collect(Collectors.joining("; ")));
        }
        KafkaProperties kafka = admin.context().bean(KafkaProperties.class);
        RecordMetadata acknowledged = send(notice, kafka);
        spec.commandLine().getOut().printf("notified %s %s as request %s: %s partition %d offset %d%n", notice.asset(),
                txid, notice.idempotencyKey(), acknowledged.topic(), acknowledged.partition(), acknowledged.offset());
        return ExitCodes.OK;
    }

    private RecordMetadata send(DepositNotified notice, KafkaProperties kafka) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        KafkaProducer<String, DepositNotified> producer = new KafkaProducer<>(producerConfig(kafka),
                new StringSerializer(), new ContractSerializer<>());
        try {
            // send() itself waits for the topic's metadata, at most max.block.ms (the whole bound).
            var sent = producer.send(new ProducerRecord<>(Topics.DEPOSIT_REQUESTS, notice.recordKey(), notice));
            return sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new NoAcknowledgement("the Kafka broker " + String.join(",", kafka.getBootstrapServers())
                    + " did not acknowledge the notice within " + readable(timeout) + ": " + cause, cause);
        } finally {
            // Nothing is left to wait for: acknowledged, or given up on within the bound.
            producer.close(Duration.ZERO);
        }
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** The worker's own connection settings (servers, TLS, SASL), made safe to retry and bounded in time. */
    private Map<String, Object> producerConfig(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        int bound = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, bound);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, bound);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, bound);
        return config;
    }

    /** Durations as the worker's configuration writes them ({@code 30s}, {@code 2m}) or ISO-8601. */
    static final class SpringDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return DurationStyle.detectAndParse(value);
        }
    }
}
