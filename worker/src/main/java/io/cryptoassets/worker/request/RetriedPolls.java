package io.cryptoassets.worker.request;

import io.cryptoassets.worker.tx.FaultClassifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Watches polls that failed and will be tried again by the container, which waits out any fault
 * that reaches it. A transient fault (see {@link FaultClassifier}) is expected to pass: it is
 * counted in {@code cryptoassets.requests.transient.failures} and logged at WARN at most once per
 * {@link #LOG_INTERVAL}, with how long it has lasted. Anything else means an answer could not be
 * stored at all and needs a person: it is logged at ERROR, as often. The first poll that succeeds
 * afterwards logs that requests flow again.
 */
@Component
class RetriedPolls {

    private static final Logger log = LoggerFactory.getLogger(RetriedPolls.class);
    /** Long enough not to flood the log during an outage, short enough to show it is still going. */
    static final Duration LOG_INTERVAL = Duration.ofSeconds(15);

    private final Counter transientFailures;
    /** System.nanoTime() of the first failure of the current run of failures; 0 when none. */
    private volatile long failingSince;
    private long lastLogged;
    private long failures;

    RetriedPolls(MeterRegistry registry) {
        transientFailures = Counter.builder("cryptoassets.requests.transient.failures")
                .description("Polls of requests that failed for a transient fault and are tried again")
                .register(registry);
    }

    synchronized void failed(RuntimeException failure) {
        long now = System.nanoTime();
        boolean first = failingSince == 0;
        if (first) {
            failingSince = now;
        }
        failures++;
        boolean isTransient = FaultClassifier.isTransient(failure);
        if (isTransient) {
            transientFailures.increment();
        }
        if (!first && now - lastLogged < LOG_INTERVAL.toNanos()) {
            return;
        }
        lastLogged = now;
        Duration lasted = Duration.ofNanos(now - failingSince);
        if (isTransient) {
            log.warn("requests wait for a transient fault, {} failed attempts in {}; retrying: {}",
                    failures, lasted, FailedRequests.cause(failure));
        } else {
            log.error("requests cannot be answered, {} failed attempts in {}; retrying", failures, lasted, failure);
        }
    }

    /** Cheap unless failures came before: called after every poll. */
    void succeeded() {
        if (failingSince != 0) {
            recovered();
        }
    }

    private synchronized void recovered() {
        if (failingSince == 0) {
            return;
        }
        log.info("requests flow again after {} failed attempts in {}", failures,
                Duration.ofNanos(System.nanoTime() - failingSince));
        failingSince = 0;
        failures = 0;
    }
}
