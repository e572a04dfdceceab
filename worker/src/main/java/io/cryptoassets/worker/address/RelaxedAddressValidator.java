package io.cryptoassets.worker.address;

import static io.cryptoassets.worker.address.AddressCheck.invalid;

import java.util.Optional;

/**
 * For an asset on a chain bitcoinj does not know ({@code address-networks: any}), e.g. LTC or
 * DOGE in a test setup. Only the shape is checked: 1 to 128 characters of
 * {@code [A-Za-z0-9:._-]}, which admits base58, bech32, {@code prefix:}-style and hex addresses
 * while keeping whitespace, control characters and markup out of the ledger and its logs.
 * Neither checksum nor network is checked: the node is the final judge, and a withdrawal to a
 * string it does not accept fails there.
 */
final class RelaxedAddressValidator implements AddressValidator {

    static final int MAX_LENGTH = 128;

    @Override
    public AddressCheck check(String address) {
        Optional<AddressCheck> shape = AddressText.shapeProblem(address, MAX_LENGTH);
        if (shape.isPresent()) {
            return shape.get();
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!allowed(c)) {
                return invalid("invalid character " + AddressText.describe(c) + " at position " + i);
            }
        }
        return AddressCheck.valid();
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == ':' || c == '.' || c == '_' || c == '-';
    }
}
