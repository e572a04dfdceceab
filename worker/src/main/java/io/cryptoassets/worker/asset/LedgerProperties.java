package io.cryptoassets.worker.asset;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ledger's data layout: the shared schema (inbox, outbox, scan positions) and the assets,
 * each with a schema of its own. Checked at start-up so a bad configuration never reaches SQL.
 *
 * @param sharedSchema schema for what is not per asset; default {@code cryptoassets}
 * @param assets       the configured assets; at least one
 */
@ConfigurationProperties("cryptoassets")
public record LedgerProperties(
        @DefaultValue("cryptoassets") String sharedSchema,
        List<AssetProperties> assets) {

    public LedgerProperties {
        new SqlIdentifier(sharedSchema);
        if (assets == null || assets.isEmpty()) {
            throw new IllegalArgumentException("configure at least one asset under cryptoassets.assets");
        }
        assets = List.copyOf(assets);
        Set<String> codes = new HashSet<>();
        Set<String> schemas = new HashSet<>(Set.of(sharedSchema));
        for (AssetProperties asset : assets) {
            if (!codes.add(asset.code())) {
                throw new IllegalArgumentException("asset " + asset.code() + " is configured twice");
            }
            if (!schemas.add(asset.schema())) {
                throw new IllegalArgumentException(
                        "schema '" + asset.schema() + "' of " + asset.code() + " is already in use");
            }
        }
    }

    public SqlIdentifier sharedSchemaName() {
        return new SqlIdentifier(sharedSchema);
    }

    public Optional<AssetProperties> asset(String code) {
        return assets.stream().filter(a -> a.code().equals(code)).findFirst();
    }
}
