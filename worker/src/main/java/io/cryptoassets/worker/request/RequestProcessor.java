package io.cryptoassets.worker.request;

import io.cryptoassets.worker.tx.CannotResolveDatabaseConflict;
import io.cryptoassets.worker.tx.FaultClassifier;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies readable requests in serializable transactions, so that every request gets an answer.
 *
 * <p>A batch that fails for anything but a transient fault of the infrastructure is split in
 * halves, down to the single request at fault; halves commit in order, so request order is kept,
 * and one hot account or one bad request cannot hold up the rest. What happens at the bottom
 * depends on the failure ({@link FaultClassifier}):
 * <ul>
 *   <li>a conflict (the transaction helper's replays ran out) splits the batch; a single request
 *   that still conflicts is tried again later, like any transient fault;</li>
 *   <li>a transient fault is thrown at once, without splitting: the whole poll is tried again
 *   (by the container, with growing pauses) for as long as the fault lasts;</li>
 *   <li>anything else splits the batch, and the single request at fault is answered
 *   INTERNAL_ERROR by {@link FailedRequests}.</li>
 * </ul>
 * The normal case costs nothing extra: one transaction for the whole batch.
 */
@Component
class RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    private final SerializableTransactions transactions;
    private final BatchApplier applier;
    private final FailedRequests failedRequests;
    private final RequestMetrics metrics;
    private final RequestProperties properties;
    private final NodeLookups nodeLookups;

    RequestProcessor(SerializableTransactions transactions, BatchApplier applier, FailedRequests failedRequests,
                     RequestMetrics metrics, RequestProperties properties, NodeLookups nodeLookups) {
        this.nodeLookups = nodeLookups;
        this.transactions = transactions;
        this.applier = applier;
        this.failedRequests = failedRequests;
        this.metrics = metrics;
        this.properties = properties;
    }

    void process(List<IncomingRequest> requests) {
        if (requests.isEmpty()) {
            return;
        }
        // Outside the transaction, once: a replayed transaction must not call the node again.
        Map<UUID, NodeAnswer> nodeAnswers = nodeLookups.prepare(requests);
        if (properties.mode() == RequestProperties.Mode.PER_REQUEST) {
            requests.forEach(request -> applySplitting(List.of(request), nodeAnswers));
        } else {
            applySplitting(requests, nodeAnswers);
        }
    }

    private void applySplitting(List<IncomingRequest> batch, Map<UUID, NodeAnswer> nodeAnswers) {
        try {
            BatchApplier.Applied applied = transactions.inTransaction("request batch",
                    status -> applier.apply(batch, nodeAnswers));
            metrics.committed(batch.size(), applied);
        } catch (RuntimeException e) {
            boolean conflict = e instanceof CannotResolveDatabaseConflict;
            if (!conflict && FaultClassifier.isTransient(e)) {
                throw e;
            }
            if (batch.size() == 1) {
                if (conflict) {
                    throw e;
                }
                failedRequests.answer(batch.get(0), e);
                metrics.failed();
                return;
            }
            metrics.split();
            int half = batch.size() / 2;
            log.info("batch of {} requests {}; applying it as {} + {}", batch.size(),
                    conflict ? "kept conflicting" : "failed (" + FailedRequests.cause(e) + ")",
                    half, batch.size() - half);
            applySplitting(batch.subList(0, half), nodeAnswers);
            applySplitting(batch.subList(half, batch.size()), nodeAnswers);
        }
    }
}
