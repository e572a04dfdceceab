package io.cryptoassets.worker.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LedgerPropertiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"BTC; DROP TABLE x", "Btc", "1btc", "btc-main", "\"btc\"", "-", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void rejectsSchemaNamesThatAreNotPlainIdentifiers(String schema) {
        assertThatThrownBy(() -> new AssetProperties("BTC", schema, 8, 3, 15, List.of("main"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[a-z_][a-z0-9_]*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"btc", "B", "BTC!", "BTC COIN", "ABCDEFGHIJKLMNOPQ"})
    void rejectsAssetCodesOutsideThePattern(String code) {
        assertThatThrownBy(() -> new AssetProperties(code, null, 8, 3, 15, List.of("main"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemaDefaultsToTheLowerCasedCode() {
        assertThat(new AssetProperties("DOGE", null, 8, 3, 15, List.of("main"), null).schemaName().value()).isEqualTo("doge");
    }

    @Test
    void rejectsTrackingLimitBelowCreditThreshold() {
        assertThatThrownBy(() -> new AssetProperties("BTC", null, 8, 6, 5, List.of("main"), null))
                .hasMessageContaining("tracking-limit");
    }

    @Test
    void rejectsDuplicateAssetsAndSchemaClashes() {
        AssetProperties btc = new AssetProperties("BTC", null, 8, 3, 15, List.of("main"), null);
        assertThatThrownBy(() -> new LedgerProperties("cryptoassets", List.of(btc, btc)))
                .hasMessageContaining("configured twice");
        assertThatThrownBy(() -> new LedgerProperties("btc", List.of(btc)))
                .hasMessageContaining("already in use");
        assertThatThrownBy(() -> new LedgerProperties("cryptoassets", List.of()))
                .hasMessageContaining("at least one asset");
    }
}
