package io.cryptoassets.worker.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Where deposits are believed from: the node whenever there is one, and never the message then. */
class DepositSourceBindingTest {

    @Test
    void anAssetWithANodeTakesItsDepositsFromTheNode() {
        AssetProperties btc = bind(Map.of("cryptoassets.assets[0].code", "BTC",
                "cryptoassets.assets[0].node.type", "simulated")).assets().get(0);
        assertThat(btc.deposits().source()).isEqualTo(DepositProperties.Source.NODE);
        assertThat(btc.depositsFromNode()).isTrue();
    }

    @Test
    void anAssetWithoutANodeTakesReportedDeposits() {
        AssetProperties xbt = bind(Map.of("cryptoassets.assets[0].code", "XBT")).assets().get(0);
        assertThat(xbt.deposits().source()).isEqualTo(DepositProperties.Source.REPORTED);
        assertThat(bind(Map.of("cryptoassets.assets[0].code", "XBT",
                "cryptoassets.assets[0].deposits.source", "reported")).assets().get(0).depositsFromNode()).isFalse();
    }

    @Test
    void reportedDepositsForAnAssetWithANodeAreRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("cryptoassets.assets[0].code", "BTC",
                "cryptoassets.assets[0].node.type", "simulated",
                "cryptoassets.assets[0].deposits.source", "reported")))
                .rootCause()
                .hasMessageContaining("BTC: deposits.source reported is only allowed for an asset without a node");
    }

    @Test
    void depositsFromANodeThatIsNotThereAreRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("cryptoassets.assets[0].code", "XBT",
                "cryptoassets.assets[0].deposits.source", "node")))
                .rootCause()
                .hasMessageContaining("XBT: deposits.source node needs a node");
    }

    private static LedgerProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bind("cryptoassets", LedgerProperties.class).get();
    }
}
