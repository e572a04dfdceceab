package io.cryptoassets.contracts;

/**
 * Names of the Kafka headers the worker reads and writes. Every value is a UTF-8 string.
 *
 * <p>The body is the contract; headers repeat what a consumer may want before parsing it
 * (to route or de-duplicate) and carry the dead-letter diagnosis, which is not part of any body.
 */
public final class ContractHeaders {

    /** The {@code eventId} of an outgoing record, equal to the one in its body: de-duplicate on it. */
    public static final String EVENT_ID = "cryptoassets-event-id";

    /** The record's type name, e.g. {@code WithdrawalRequested} or {@code TxUpdate}. */
    public static final String MESSAGE_TYPE = "cryptoassets-message-type";

    /**
     * W3C trace context (<a href="https://www.w3.org/TR/trace-context/">Trace Context</a>), e.g.
     * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}. Optional on requests; the
     * results, txupdates and alerts a request causes carry the same trace id.
     */
    public static final String TRACEPARENT = "traceparent";

    /** On dead letters: why the record was dead-lettered, a {@code DeadLetterReason} name. */
    public static final String DLT_REASON = "cryptoassets-dlt-reason";

    /** On dead letters: a human-readable explanation (parser message, field errors), at most 512 bytes. */
    public static final String DLT_DETAIL = "cryptoassets-dlt-detail";

    /** On dead letters: the fully qualified class of the exception behind it, when there was one. */
    public static final String DLT_EXCEPTION = "cryptoassets-dlt-exception";

    /** On dead letters: the topic the record was first produced to. */
    public static final String DLT_ORIGINAL_TOPIC = "cryptoassets-dlt-original-topic";

    /** On dead letters: its partition there, in decimal. */
    public static final String DLT_ORIGINAL_PARTITION = "cryptoassets-dlt-original-partition";

    /** On dead letters: its offset there, in decimal. */
    public static final String DLT_ORIGINAL_OFFSET = "cryptoassets-dlt-original-offset";

    /**
     * On dead letters whose value was cut to its first bytes because the whole record could not
     * be sent: the original value's length in bytes, in decimal.
     */
    public static final String DLT_ORIGINAL_SIZE = "cryptoassets-dlt-original-size";

    /** On dead letters whose value was cut: the SHA-256 of the original value, lower-case hex. */
    public static final String DLT_ORIGINAL_SHA256 = "cryptoassets-dlt-original-sha256";

    private ContractHeaders() {
    }
}
