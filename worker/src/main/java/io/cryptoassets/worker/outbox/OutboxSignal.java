package io.cryptoassets.worker.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Wakes the relay: raised by {@link OutboxWriter} right after a commit that wrote outbox rows, and by
 * {@link OutboxNotifications} when another worker's commit arrives through LISTEN/NOTIFY.
 */
@Component
public class OutboxSignal {

    private final Semaphore raised = new Semaphore(0);

    /** Called once a transaction that wrote outbox rows has committed; {@link OutboxWriter} does. */
    public void raise() {
        if (raised.availablePermits() == 0) {
            raised.release();
        }
    }

    /** Waits until raised or {@code timeout} passed; returns whether it was raised. */
    boolean await(Duration timeout) throws InterruptedException {
        boolean wasRaised = raised.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        raised.drainPermits();
        return wasRaised;
    }
}
