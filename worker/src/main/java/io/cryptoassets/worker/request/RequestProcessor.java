package io.cryptoassets.worker.request;

import io.cryptoassets.worker.tx.CannotResolveDatabaseConflict;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies readable requests in serializable transactions. A batch that keeps conflicting after
 * the transaction helper's retries is split in halves, down to single requests, so one hot
 * account cannot starve the rest; halves commit in order, so request order is kept. A single
 * request that still cannot commit raises {@link CannotResolveDatabaseConflict}: the records are
 * then redelivered, never answered with a business rejection.
 */
@Component
class RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    private final SerializableTransactions transactions;
    private final BatchApplier applier;
    private final RequestMetrics metrics;
    private final RequestProperties properties;
    private final NodeLookups nodeLookups;

    RequestProcessor(SerializableTransactions transactions, BatchApplier applier, RequestMetrics metrics,
                     RequestProperties properties, NodeLookups nodeLookups) {
        this.nodeLookups = nodeLookups;
        this.transactions = transactions;
        this.applier = applier;
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
            requests.forEach(request -> applySplittingOnConflict(List.of(request), nodeAnswers));
        } else {
            applySplittingOnConflict(requests, nodeAnswers);
        }
    }

    private void applySplittingOnConflict(List<IncomingRequest> batch, Map<UUID, NodeAnswer> nodeAnswers) {
        try {
            BatchApplier.Applied applied = transactions.inTransaction("request batch",
                    status -> applier.apply(batch, nodeAnswers));
            metrics.committed(batch.size(), applied);
        } catch (CannotResolveDatabaseConflict e) {
            if (batch.size() == 1) {
                throw e;
            }
            metrics.split();
            int half = batch.size() / 2;
            log.info("batch of {} requests kept conflicting; applying it as {} + {}", batch.size(), half, batch.size() - half);
            applySplittingOnConflict(batch.subList(0, half), nodeAnswers);
            applySplittingOnConflict(batch.subList(half, batch.size()), nodeAnswers);
        }
    }
}
