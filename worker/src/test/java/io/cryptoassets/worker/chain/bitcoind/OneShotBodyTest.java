package io.cryptoassets.worker.chain.bitcoind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class OneShotBodyTest {

    /** Collects what a publisher delivers, requesting everything at once. */
    private static final class Collector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Throwable error;
        boolean complete;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.writeBytes(chunk);
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }

    @Test
    void aBodyOfManyBuffersIsDeliveredWholeOnce() {
        byte[] json = new byte[100_000];
        Arrays.fill(json, (byte) 'x');
        OneShotBody body = new OneShotBody(json);
        Collector first = new Collector();

        assertThat(body.handedOver()).isFalse();
        body.subscribe(first);

        assertThat(first.complete).isTrue();
        assertThat(first.error).isNull();
        assertThat(first.bytes.toByteArray()).isEqualTo(json);
        assertThat(body.handedOver()).isTrue();
        assertThat(body.contentLength()).isEqualTo(100_000);
    }

    @Test
    void aSecondAttemptToSendTheBodyFails() {
        OneShotBody body = new OneShotBody("{\"method\":\"sendmany\"}".getBytes());
        body.subscribe(new Collector());
        Collector second = new Collector();

        body.subscribe(second);

        assertThat(second.bytes.size()).isZero();
        assertThat(second.complete).isFalse();
        assertThat(second.error).hasMessageContaining("second time");
        assertThat(body.withhold()).isFalse();
    }

    @Test
    void aWithheldBodyIsNeverHandedOver() {
        OneShotBody body = new OneShotBody("{\"method\":\"sendmany\"}".getBytes());

        assertThat(body.withhold()).isTrue();
        Collector late = new Collector();
        body.subscribe(late);

        assertThat(late.bytes.size()).isZero();
        assertThat(late.error).hasMessageContaining("abandoned");
        assertThat(body.handedOver()).isFalse();
        assertThat(body.withhold()).isTrue();
    }
}
