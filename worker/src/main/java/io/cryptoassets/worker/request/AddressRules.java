package io.cryptoassets.worker.request;

import java.util.Optional;

/** Tells why an address is not acceptable for an asset, or nothing when it is. */
@FunctionalInterface
public interface AddressRules {

    Optional<String> problem(String asset, String address);
}
