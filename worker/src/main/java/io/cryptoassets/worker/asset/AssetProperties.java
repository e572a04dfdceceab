package io.cryptoassets.worker.asset;

import io.cryptoassets.worker.chain.NodeProperties;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured asset. Only configured assets exist for the worker: a request naming any
 * other asset is rejected, and nothing from a message ever becomes a schema name.
 *
 * @param code                  the asset code on the wire, e.g. {@code BTC}
 * @param schema                the PostgreSQL schema holding this asset's tables; defaults to
 *                              the lower-cased code
 * @param decimals              digits of the smallest unit (8 for satoshi); informative, since
 *                              every amount is already an integer in the smallest unit
 * @param confirmationsToCredit a deposit is credited once it has this many confirmations
 * @param trackingLimit         confirmations after which a network transaction is no longer polled
 * @param addressNetworks       networks whose addresses are accepted (main, test, regtest,
 *                              signet) or {@code any} to relax validation for an unknown chain
 * @param node                  the node that sends withdrawals and reports deposits, if any
 */
public record AssetProperties(
        String code,
        String schema,
        @DefaultValue("8") int decimals,
        @DefaultValue("3") int confirmationsToCredit,
        @DefaultValue("15") int trackingLimit,
        @DefaultValue("main") List<String> addressNetworks,
        @DefaultValue NodeProperties node) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]{1,15}");

    public AssetProperties {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(
                    "asset code '" + code + "' must match [A-Z][A-Z0-9]{1,15}");
        }
        if (schema == null || schema.isBlank()) {
            schema = code.toLowerCase(java.util.Locale.ROOT);
        }
        new SqlIdentifier(schema);
        if (confirmationsToCredit < 1) {
            throw new IllegalArgumentException(code + ": confirmations-to-credit must be at least 1");
        }
        if (trackingLimit < confirmationsToCredit) {
            throw new IllegalArgumentException(
                    code + ": tracking-limit must be at least confirmations-to-credit");
        }
        if (decimals < 0 || decimals > 30) {
            throw new IllegalArgumentException(code + ": decimals must be between 0 and 30");
        }
        addressNetworks = List.copyOf(addressNetworks);
        if (node == null) {
            node = NodeProperties.none();
        }
    }

    public SqlIdentifier schemaName() {
        return new SqlIdentifier(schema);
    }
}
