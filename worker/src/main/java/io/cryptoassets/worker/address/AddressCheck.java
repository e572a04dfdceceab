package io.cryptoassets.worker.address;

import java.util.Objects;

/**
 * The outcome of checking an address. A bad address is an answer for the client, not a failure
 * of the worker, so it is data rather than an exception.
 */
public sealed interface AddressCheck {

    static AddressCheck valid() {
        return new Valid();
    }

    static AddressCheck invalid(String reason) {
        return new Invalid(reason);
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** The address may be used for the asset. */
    record Valid() implements AddressCheck {
    }

    /**
     * @param reason human-readable and safe to return to the client, e.g. {@code checksum
     *               mismatch}; it names at most a character or a prefix of the input, never
     *               echoes the whole address
     */
    record Invalid(String reason) implements AddressCheck {

        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
