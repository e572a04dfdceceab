package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.request.ReadOutcome;
import io.cryptoassets.contracts.request.Request;
import java.util.UUID;

/** A request record that was read well enough to be answered with a result. */
sealed interface IncomingRequest {

    /** The Kafka key it arrived with; results without an account of their own use it. */
    String recordKey();

    UUID idempotencyKey();

    record Valid(Request request, String recordKey) implements IncomingRequest {
        @Override
        public UUID idempotencyKey() {
            return request.idempotencyKey();
        }
    }

    /** Fails its schema but names a requestId, so it can be rejected with field errors. */
    record Invalid(ReadOutcome.Invalid outcome, String recordKey, byte[] value) implements IncomingRequest {
        @Override
        public UUID idempotencyKey() {
            return outcome.requestId();
        }
    }
}
