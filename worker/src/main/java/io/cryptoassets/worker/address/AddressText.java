package io.cryptoassets.worker.address;

import static io.cryptoassets.worker.address.AddressCheck.invalid;

import java.util.Optional;

/** Checks on the raw text before any decoding, shared so that every asset answers alike. */
final class AddressText {

    private AddressText() {
    }

    /** The problem with the text's shape, or empty when a decoder may look at it. */
    static Optional<AddressCheck> shapeProblem(String address, int maxLength) {
        if (address == null || address.isEmpty()) {
            return Optional.of(invalid("address is empty"));
        }
        if (address.isBlank()) {
            return Optional.of(invalid("address is blank"));
        }
        // Never trim: the ledger would then store, or pay to, a string the client did not send.
        if (isSpace(address.charAt(0)) || isSpace(address.charAt(address.length() - 1))) {
            return Optional.of(invalid("address has leading or trailing whitespace"));
        }
        if (address.length() > maxLength) {
            return Optional.of(invalid("address is longer than " + maxLength + " characters"));
        }
        return Optional.empty();
    }

    /** A character as a reason may show it: printable ASCII quoted, anything else as U+XXXX. */
    static String describe(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /** Also catches the no-break spaces that {@link Character#isWhitespace} leaves out. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
