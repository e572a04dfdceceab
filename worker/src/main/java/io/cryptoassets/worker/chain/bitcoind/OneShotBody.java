package io.cryptoassets.worker.chain.bitcoind;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body that tells whether it ever left this process, and that leaves at most once.
 *
 * <p>The HTTP client asks for the body only once the connection is open and the headers are on
 * their way; a node cannot execute a JSON-RPC call without its body. So a failure while the body
 * was never handed to the client (refused connection, DNS failure, connect timeout, TLS failure)
 * means the node cannot have executed the call, whatever exception type reports it.
 *
 * <p>The body is handed over once only: if the client ever tried to send it a second time (the
 * JDK client can retry non-idempotent requests when {@code jdk.httpclient.enableAllMethodRetry}
 * is set), that attempt fails instead of paying twice. And {@link #withhold()} closes the body for
 * good when a caller gives up waiting, so "not handed over" stays true once reported.
 */
final class OneShotBody implements HttpRequest.BodyPublisher {

    private static final int OPEN = 0;
    private static final int HANDED_OVER = 1;
    private static final int WITHHELD = 2;

    private final byte[] bytes;
    private final HttpRequest.BodyPublisher delegate;
    private final AtomicInteger state = new AtomicInteger(OPEN);

    OneShotBody(byte[] bytes) {
        this.bytes = bytes;
        this.delegate = HttpRequest.BodyPublishers.ofByteArray(bytes);
    }

    /** Whether the body was handed to the HTTP client, so the node may have received it. */
    boolean handedOver() {
        return state.get() == HANDED_OVER;
    }

    /**
     * Makes sure the body is never handed over from now on.
     *
     * @return true when it never was (nothing can have reached the node), false when it already was
     */
    boolean withhold() {
        return state.compareAndSet(OPEN, WITHHELD) || state.get() == WITHHELD;
    }

    @Override
    public long contentLength() {
        return bytes.length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> downstream) {
        delegate.subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;
            private boolean mine;
            private boolean refused;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                downstream.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                if (refused) {
                    return;
                }
                // The body may come in several buffers; the first one of the first subscription
                // is the hand-over, and only that subscription may deliver the rest.
                if (mine || state.compareAndSet(OPEN, HANDED_OVER)) {
                    mine = true;
                    downstream.onNext(item);
                    return;
                }
                refused = true;
                subscription.cancel();
                downstream.onError(new IOException(state.get() == HANDED_OVER
                        ? "refusing to send the request body a second time"
                        : "the request was abandoned before its body was sent"));
            }

            @Override
            public void onError(Throwable throwable) {
                if (!refused) {
                    downstream.onError(throwable);
                }
            }

            @Override
            public void onComplete() {
                if (!refused) {
                    downstream.onComplete();
                }
            }
        });
    }
}
