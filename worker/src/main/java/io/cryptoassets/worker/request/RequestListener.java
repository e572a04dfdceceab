package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.deadletter.DeadLetterReason;
import io.cryptoassets.contracts.request.ReadOutcome;
import io.cryptoassets.contracts.request.RequestReader;
import io.cryptoassets.worker.tracing.RequestTracing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Consumes the three request topics and the approvals topic in batches. Unreadable records and invalid ones without a
 * requestId go to their dead-letter topic; everything else is answered through the ledger.
 * The container commits offsets only after this method returns, that is after the database
 * transaction committed and every dead letter was acknowledged.
 */
@Component
class RequestListener {

    private final RequestReader reader = new RequestReader();
    private final RequestProcessor processor;
    private final DeadLetters deadLetters;
    private final RequestMetrics metrics;
    private final RetriedPolls retriedPolls;
    private final RequestTracing tracing;

    RequestListener(RequestProcessor processor, DeadLetters deadLetters, RequestMetrics metrics,
                    RetriedPolls retriedPolls, RequestTracing tracing) {
        this.processor = processor;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.retriedPolls = retriedPolls;
        this.tracing = tracing;
    }

    @KafkaListener(id = "cryptoassets-requests",
            idIsGroup = false,
            autoStartup = "${cryptoassets.requests.auto-startup:true}",
            groupId = "${cryptoassets.requests.group-id:cryptoassets-worker}",
            topics = {Topics.WITHDRAWAL_REQUESTS, Topics.DEPOSIT_REQUESTS, Topics.ACCOUNT_REQUESTS,
                    Topics.WITHDRAWAL_APPROVALS},
            containerFactory = "requestListenerContainerFactory",
            concurrency = "${cryptoassets.requests.concurrency:1}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        try {
            handle(records);
            retriedPolls.succeeded();
        } catch (RuntimeException e) {
            // The container tries the poll again, with growing pauses; this says so, sparingly.
            retriedPolls.failed(e);
            throw e;
        }
    }

    private void handle(List<ConsumerRecord<String, byte[]>> records) {
        try (RequestTracing.Poll traces = tracing.poll()) {
            handle(records, traces);
        }
    }

    private void handle(List<ConsumerRecord<String, byte[]>> records, RequestTracing.Poll traces) {
        List<IncomingRequest> readable = new ArrayList<>(records.size());
        List<CompletableFuture<SendResult<String, byte[]>>> deadLettered = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ReadOutcome outcome = reader.read(record.topic(), record.value());
            if (outcome instanceof ReadOutcome.Parsed parsed) {
                readable.add(new IncomingRequest.Valid(parsed.request(), record.key(), traces.continueFrom(record),
                        ResultSources.of(record)));
            } else if (outcome instanceof ReadOutcome.Invalid invalid && invalid.requestId() != null) {
                readable.add(new IncomingRequest.Invalid(invalid, record.key(), record.value(), traces.continueFrom(record),
                        ResultSources.of(record)));
            } else if (outcome instanceof ReadOutcome.Invalid invalid) {
                deadLettered.add(deadLetters.send(record, DeadLetterReason.INVALID_REQUEST, invalid.errors().toString()));
            } else {
                String reason = ((ReadOutcome.Unreadable) outcome).reason();
                deadLettered.add(deadLetters.send(record, DeadLetterReason.UNREADABLE, reason));
            }
        }
        DeadLetters.awaitAll(deadLettered);
        deadLettered.forEach(send -> metrics.deadLettered());
        processor.process(readable);
    }
}
