package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.request.ReadOutcome;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.RequestSource;
import java.util.UUID;

/** A request record that was read well enough to be answered with a result. */
sealed interface IncomingRequest {

    /** The Kafka key it arrived with; results without an account of their own use it. */
    String recordKey();

    UUID idempotencyKey();

    /** W3C trace context the events this request causes carry on; null for none. */
    String traceparent();

    /** The record it was read from, which its result names; null for a request that came from no record. */
    RequestSource source();

    record Valid(Request request, String recordKey, String traceparent, RequestSource source)
            implements IncomingRequest {
        Valid(Request request, String recordKey) {
            this(request, recordKey, null, null);
        }

        @Override
        public UUID idempotencyKey() {
            return request.idempotencyKey();
        }
    }

    /** Fails its schema but names a requestId, so it can be rejected with field errors. */
    record Invalid(ReadOutcome.Invalid outcome, String recordKey, byte[] value, String traceparent,
                   RequestSource source) implements IncomingRequest {
        Invalid(ReadOutcome.Invalid outcome, String recordKey, byte[] value) {
            this(outcome, recordKey, value, null, null);
        }

        @Override
        public UUID idempotencyKey() {
            return outcome.requestId();
        }
    }
}
