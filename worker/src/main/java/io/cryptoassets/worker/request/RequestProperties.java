package io.cryptoassets.worker.request;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How requests are consumed and applied.
 *
 * @param mode        {@code batched} (default): each poll's requests in one serializable
 *                    transaction, split in halves while it keeps conflicting;
 *                    {@code per-request}: one transaction per request, for comparison
 * @param concurrency consumer threads per worker (default 1); partitions bound the useful number
 * @param maxPollRecords records per poll, which bounds a batch (default 500)
 * @param retryBackoffMax longest pause between attempts when a batch fails for a reason other
 *                    than its content (database down, retries exhausted); it is retried until it
 *                    succeeds, never skipped (default 10s)
 * @param nodeLookupDeadline how long one poll's node lookups ({@code CreateAddress} without an
 *                    address, {@code DepositNotified}) may take together; a request whose lookup
 *                    has not finished by then is rejected NODE_UNAVAILABLE. Must be at most half
 *                    the consumer's {@code max.poll.interval.ms}, so that a slow node cannot get
 *                    the consumer evicted. Default: twice the longest node read-timeout, at most
 *                    a third of {@code max.poll.interval.ms}
 * @param nodeLookupThreads node lookups that run at once, for all consumer threads (default 16)
 */
@ConfigurationProperties("cryptoassets.requests")
public record RequestProperties(
        @DefaultValue("batched") Mode mode,
        @DefaultValue("1") int concurrency,
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue("10s") Duration retryBackoffMax,
        Duration nodeLookupDeadline,
        @DefaultValue("16") int nodeLookupThreads) {

    public enum Mode { BATCHED, PER_REQUEST }

    public RequestProperties {
        if (concurrency < 1) {
            throw new IllegalArgumentException("cryptoassets.requests.concurrency must be at least 1");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("cryptoassets.requests.max-poll-records must be at least 1");
        }
        if (nodeLookupDeadline != null && (nodeLookupDeadline.isNegative() || nodeLookupDeadline.isZero())) {
            throw new IllegalArgumentException("cryptoassets.requests.node-lookup-deadline must be positive");
        }
        if (nodeLookupThreads < 1) {
            throw new IllegalArgumentException("cryptoassets.requests.node-lookup-threads must be at least 1");
        }
    }
}
