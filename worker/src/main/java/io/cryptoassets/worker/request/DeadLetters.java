package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.deadletter.DeadLetter;
import io.cryptoassets.contracts.deadletter.DeadLetterReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends records that cannot be answered to {@code <topic>-dlt}: original key, value and headers
 * byte for byte, plus the diagnosis headers of {@link DeadLetter}. The send is confirmed before
 * the batch's offsets can be committed, so a dead letter is never lost either.
 */
@Component
class DeadLetters {

    private final KafkaTemplate<String, byte[]> template;

    DeadLetters(KafkaTemplate<String, byte[]> requestDeadLetterTemplate) {
        this.template = requestDeadLetterTemplate;
    }

    CompletableFuture<SendResult<String, byte[]>> send(ConsumerRecord<String, byte[]> record, DeadLetterReason reason,
                                                       String detail) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        new DeadLetter(reason, detail, null, record.topic(), record.partition(), record.offset()).writeTo(headers);
        return template.send(new ProducerRecord<>(Topics.dlt(record.topic()), null, record.key(), record.value(), headers));
    }

    /** Waits for the broker to acknowledge every send; a failure fails the batch, which is retried. */
    static void awaitAll(java.util.List<CompletableFuture<SendResult<String, byte[]>>> sends) {
        for (CompletableFuture<SendResult<String, byte[]>> send : sends) {
            try {
                send.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while dead-lettering", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not dead-letter a record; the batch will be retried", e);
            }
        }
    }
}
