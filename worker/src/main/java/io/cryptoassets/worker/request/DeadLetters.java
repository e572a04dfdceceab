package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.deadletter.DeadLetter;
import io.cryptoassets.contracts.deadletter.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends records that cannot be answered to {@code <topic>-dlt}: original key, value and headers
 * byte for byte, plus the diagnosis headers of {@link DeadLetter}. The send is confirmed before
 * the batch's offsets can be committed, so a dead letter is never lost either.
 *
 * <p>A record too large to be dead-lettered whole (more than the producer's
 * {@code max.request.size} less some headroom for the diagnosis, or refused as too large by the
 * broker) goes with the first {@value #KEPT_VALUE_BYTES} bytes of its value, its original size
 * and the SHA-256 of its value instead: retrying a send that can never succeed would block the
 * partition for good.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** How much of a cut value the dead letter keeps: enough to see what the record was. */
    static final int KEPT_VALUE_BYTES = 1024;

    /** Room left under the producer's limit for the diagnosis headers and the record's framing. */
    private static final int HEADROOM_BYTES = 16 * 1024;

    /** A cut letter keeps at most this much of the original key, in characters. */
    private static final int KEPT_KEY_CHARS = 256;

    /** A cut letter keeps the original headers only if together they are no larger than this. */
    private static final int KEPT_HEADER_BYTES = 8 * 1024;

    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    private final KafkaTemplate<String, byte[]> template;
    private final int wholeLimit;

    DeadLetters(KafkaTemplate<String, byte[]> requestDeadLetterTemplate) {
        this.template = requestDeadLetterTemplate;
        Object configured = requestDeadLetterTemplate.getProducerFactory().getConfigurationProperties()
                .get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int maxRequestSize = configured == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(configured.toString());
        this.wholeLimit = Math.max(maxRequestSize - HEADROOM_BYTES, KEPT_VALUE_BYTES + KEPT_HEADER_BYTES);
    }

    CompletableFuture<SendResult<String, byte[]>> send(ConsumerRecord<String, byte[]> record, DeadLetterReason reason,
                                                       String detail) {
        DeadLetter letter = new DeadLetter(reason, detail, null, record.topic(), record.partition(), record.offset());
        long size = size(record);
        // The detail is already cut to a few hundred bytes: a huge record makes no huge log line.
        log.warn("dead-lettering {}-{}@{} ({} bytes): {} {}", record.topic(), record.partition(), record.offset(),
                size, reason, letter.detail());
        if (size > wholeLimit) {
            return sendCut(record, letter, size);
        }
        return send(whole(record, letter)).exceptionallyCompose(failure -> {
            if (!tooLarge(failure)) {
                return CompletableFuture.failedFuture(failure);
            }
            log.warn("dead letter of {}-{}@{} refused as too large; sending its first {} bytes instead",
                    record.topic(), record.partition(), record.offset(), KEPT_VALUE_BYTES);
            return sendCut(record, letter, size);
        });
    }

    /** Waits for the broker to acknowledge every send; a failure fails the batch, which is retried. */
    static void awaitAll(List<CompletableFuture<SendResult<String, byte[]>>> sends) {
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

    private CompletableFuture<SendResult<String, byte[]>> send(ProducerRecord<String, byte[]> letter) {
        try {
            return template.send(letter);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ProducerRecord<String, byte[]> whole(ConsumerRecord<String, byte[]> record, DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        letter.writeTo(headers);
        return new ProducerRecord<>(Topics.dlt(record.topic()), null, record.key(), record.value(), headers);
    }

    private CompletableFuture<SendResult<String, byte[]>> sendCut(ConsumerRecord<String, byte[]> record,
                                                                 DeadLetter letter, long size) {
        return send(cut(record, letter)).exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                new IllegalStateException("the cut dead letter of " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " (" + size + " bytes) could not be sent either", failure)));
    }

    /**
     * The record's first {@value #KEPT_VALUE_BYTES} value bytes with the size and SHA-256 of the
     * whole value; its key cut to {@value #KEPT_KEY_CHARS} characters; its headers only if they
     * are small, as they may be what made it large.
     */
    private static ProducerRecord<String, byte[]> cut(ConsumerRecord<String, byte[]> record, DeadLetter letter) {
        int headerBytes = headerBytes(record);
        DeadLetter diagnosis = letter;
        RecordHeaders headers;
        if (headerBytes <= KEPT_HEADER_BYTES) {
            headers = new RecordHeaders(record.headers().toArray());
        } else {
            headers = new RecordHeaders();
            diagnosis = new DeadLetter(letter.reason(), "original headers (" + headerBytes + " bytes) dropped; "
                    + letter.detail(), letter.exceptionClass(), letter.originalTopic(), letter.originalPartition(),
                    letter.originalOffset());
        }
        diagnosis.writeTo(headers);
        byte[] value = record.value();
        if (value != null) {
            headers.remove(ContractHeaders.DLT_ORIGINAL_SIZE);
            headers.remove(ContractHeaders.DLT_ORIGINAL_SHA256);
            headers.add(ContractHeaders.DLT_ORIGINAL_SIZE, Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
            headers.add(ContractHeaders.DLT_ORIGINAL_SHA256, sha256(value).getBytes(StandardCharsets.UTF_8));
            value = Arrays.copyOf(value, Math.min(value.length, KEPT_VALUE_BYTES));
        }
        String key = record.key() == null || record.key().length() <= KEPT_KEY_CHARS
                ? record.key() : record.key().substring(0, KEPT_KEY_CHARS);
        return new ProducerRecord<>(Topics.dlt(record.topic()), null, key, value, headers);
    }

    private static long size(ConsumerRecord<String, byte[]> record) {
        long key = record.key() == null ? 0 : record.key().getBytes(StandardCharsets.UTF_8).length;
        long value = record.value() == null ? 0 : record.value().length;
        return key + value + headerBytes(record);
    }

    private static int headerBytes(ConsumerRecord<String, byte[]> record) {
        int bytes = 0;
        for (Header header : record.headers()) {
            bytes += header.key().getBytes(StandardCharsets.UTF_8).length
                    + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }

    private static boolean tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
