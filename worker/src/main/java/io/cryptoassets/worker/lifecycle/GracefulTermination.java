package io.cryptoassets.worker.lifecycle;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop with exit status 0.
 *
 * <p>The JVM's own handler runs the shutdown hooks and then exits with 143 (128 + SIGTERM),
 * which orchestrators report as a failure. Replacing the handler lets the main thread close
 * the Spring context itself (listeners stop, in-flight batches finish, producers flush) and
 * choose the exit status. A second signal while closing is ignored; SIGKILL still works.
 */
public final class GracefulTermination {

    private final CountDownLatch signalled = new CountDownLatch(1);

    private GracefulTermination() {
    }

    public static GracefulTermination install() {
        GracefulTermination termination = new GracefulTermination();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> termination.signalled.countDown());
        }
        return termination;
    }

    /** Blocks the calling thread until a termination signal arrives. */
    public void awaitSignal() {
        try {
            signalled.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
