package io.cryptoassets.contracts.request;

import io.cryptoassets.contracts.FieldError;
import java.util.List;
import java.util.UUID;

/**
 * What {@link RequestReader} made of one Kafka record value. A bad record is an outcome, not an
 * exception, so it never blocks its partition.
 */
public sealed interface ReadOutcome {

    /** The body conforms to its schema and was bound to its record. */
    record Parsed(Request request) implements ReadOutcome {
    }

    /**
     * The body is a JSON object of a known type but fails its schema. Answer it with a
     * {@code REJECTED} result, reason {@code INVALID_REQUEST}, carrying {@link #errors()};
     * if {@link #requestId()} is {@code null} no client can match an answer, so dead-letter it.
     *
     * @param type      the request's type name, e.g. {@code Transfer}
     * @param requestId the body's {@code requestId} if it is a valid UUID, else {@code null}
     * @param asset     the body's {@code asset} if valid, else {@code null}
     * @param accountId the body's account ({@code accountId}, or {@code fromAccountId} of a
     *                  {@code Transfer}) if valid, else {@code null}; deposit requests name none
     * @param errors    every failure, ordered by field; never empty
     */
    record Invalid(String type, UUID requestId, String asset, String accountId, List<FieldError> errors)
            implements ReadOutcome {

        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The value cannot be routed to any request schema: empty, not JSON, not an object, or without
     * a {@code type} this topic carries. Dead-letter it.
     *
     * @param reason what is wrong, for humans
     */
    record Unreadable(String reason) implements ReadOutcome {
    }
}
