package io.cryptoassets.worker.address;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * One {@link AddressValidator} per configured asset, built at start-up from the asset's
 * {@code address-networks} (default {@code main}) so that a bad setting stops the worker
 * instead of the first withdrawal. What each setting accepts:
 *
 * <ul>
 *   <li>{@code main}: {@code 1...} (P2PKH), {@code 3...} (P2SH), {@code bc1q...} (witness v0)
 *       and {@code bc1p...} (taproot).
 *   <li>{@code test}: {@code m...}/{@code n...} (P2PKH), {@code 2...} (P2SH), {@code tb1...}.
 *   <li>{@code signet}: exactly what {@code test} accepts; the two share every prefix.
 *   <li>{@code regtest}: {@code m...}/{@code n...}/{@code 2...}, since regtest shares base58
 *       prefixes with testnet, and {@code bcrt1...}; not {@code tb1...}.
 *   <li>{@code any}: alone only; any 1 to 128 characters of {@code [A-Za-z0-9:._-]}, for a
 *       chain bitcoinj does not know. The node is then the final judge.
 * </ul>
 *
 * <p>Several networks may be listed, e.g. {@code [test, regtest]}. For every Bitcoin setting
 * the checksum must hold, bech32 must not mix case, witness versions above 1 are refused, and
 * input longer than 90 characters, blank or with surrounding whitespace is invalid.
 */
@Component
public class AddressValidators {

    private final Map<String, AddressValidator> byAsset;

    public AddressValidators(LedgerProperties properties) {
        Map<String, AddressValidator> validators = new HashMap<>();
        for (AssetProperties asset : properties.assets()) {
            validators.put(asset.code(), validatorFor(asset.code(), asset.addressNetworks()));
        }
        this.byAsset = Map.copyOf(validators);
    }

    /** @throws IllegalArgumentException if the asset is not configured: a caller's bug */
    public AddressValidator forAsset(String assetCode) {
        AddressValidator validator = assetCode == null ? null : byAsset.get(assetCode);
        if (validator == null) {
            throw new IllegalArgumentException("asset " + assetCode + " is not configured");
        }
        return validator;
    }

    static AddressValidator validatorFor(String assetCode, List<String> networks) {
        if (networks.isEmpty()) {
            throw new IllegalArgumentException(
                    "asset " + assetCode + ": address-networks is empty; use " + AddressNetwork.CHOICES);
        }
        if (networks.contains(AddressNetwork.ANY)) {
            if (networks.stream().anyMatch(n -> !n.equals(AddressNetwork.ANY))) {
                throw new IllegalArgumentException("asset " + assetCode + ": address-networks " + networks
                        + " mixes 'any' with networks; 'any' must stand alone");
            }
            return new RelaxedAddressValidator();
        }
        Set<AddressNetwork> accepted = EnumSet.noneOf(AddressNetwork.class);
        for (String name : networks) {
            accepted.add(AddressNetwork.fromSetting(name).orElseThrow(() -> new IllegalArgumentException(
                    "asset " + assetCode + ": unknown address network '" + name + "'; use " + AddressNetwork.CHOICES)));
        }
        return new BitcoinAddressValidator(assetCode, accepted);
    }
}
