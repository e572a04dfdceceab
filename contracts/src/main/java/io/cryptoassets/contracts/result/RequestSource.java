package io.cryptoassets.contracts.result;

/**
 * Where the request record a result answers was read: its topic, partition and offset. A
 * producer learns the same three from the acknowledgement of its send, so it can match every
 * copy it sent to its own answer, even copies that share a {@code requestId}.
 *
 * @param topic     the request topic, e.g. {@code cryptoassets.account-requests}
 * @param partition the record's partition
 * @param offset    the record's offset in that partition
 */
public record RequestSource(String topic, int partition, long offset) {
}
