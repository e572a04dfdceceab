package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestSource;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Names on a result the request record it answers, so a client tells apart the answers to copies
 * that share a {@code requestId}. The result's {@code eventId} is derived from that record: a
 * record redelivered after a crash (same topic, partition and offset) is answered with the same
 * eventId, which consumers de-duplicate on, while every other copy gets an eventId of its own.
 */
final class ResultSources {

    private ResultSources() {
    }

    static RequestSource of(ConsumerRecord<?, ?> record) {
        return new RequestSource(record.topic(), record.partition(), record.offset());
    }

    /**
     * The name-based UUID (version 3) of {@code requestId|topic|partition|offset}. The requestId
     * keeps eventIds apart should a request topic ever be recreated and its offsets start over.
     */
    static UUID eventId(RequestSource source, UUID requestId) {
        String name = requestId + "|" + source.topic() + "|" + source.partition() + "|" + source.offset();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code result} as the answer to the record at {@code source}: its content, that source and
     * the eventId derived from it. Without a source (a request that came from no record) the result
     * stays as it is.
     */
    static RequestResult answering(RequestResult result, RequestSource source) {
        if (source == null) {
            return result;
        }
        return new RequestResult(result.schemaVersion(), eventId(source, result.requestId()), result.requestId(),
                result.requestType(), result.asset(), result.accountId(), result.status(), result.reason(),
                result.detail(), result.fieldErrors(), result.transactionId(), result.address(), result.occurredAt(),
                result.limit(), result.balance(), result.sequence(), result.available(), source,
                result.transactionIds());
    }
}
