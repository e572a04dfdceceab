package io.cryptoassets.worker.address;

/**
 * Decides whether a string is an acceptable address for one asset: a withdrawal destination or
 * a receiving address a client registers. Implementations are immutable and thread-safe, and
 * answer every input, including {@code null}, with an {@link AddressCheck}; they never throw
 * for bad input.
 */
public interface AddressValidator {

    AddressCheck check(String address);
}
