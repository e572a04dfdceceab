package io.cryptoassets.worker.health;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/info}: the configured assets and the kind of node behind each, so an operator
 * can tell from a running worker what it serves (the version comes from the build's
 * {@code build-info.properties}). Nothing secret: no URLs, wallets or credentials.
 */
@Component
class AssetsInfo implements InfoContributor {

    private final LedgerProperties ledger;

    AssetsInfo(LedgerProperties ledger) {
        this.ledger = ledger;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("sharedSchema", ledger.sharedSchemaName().value());
        builder.withDetail("assets", ledger.assets().stream().map(AssetsInfo::describe).toList());
    }

    private static Map<String, Object> describe(AssetProperties asset) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", asset.code());
        details.put("schema", asset.schemaName().value());
        details.put("node", lower(asset.node().type()));
        details.put("depositsSource", lower(asset.deposits().source()));
        details.put("broadcastMode", lower(asset.broadcastMode()));
        details.put("confirmationsToCredit", asset.confirmationsToCredit());
        details.put("trackingLimit", asset.trackingLimit());
        details.put("addressNetworks", List.copyOf(asset.addressNetworks()));
        return details;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
