package io.cryptoassets.worker.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressValidatorsTest {

    static AssetProperties asset(String code, String... networks) {
        return new AssetProperties(code, null, 8, 3, 15, List.of(networks), null);
    }

    static AddressValidators validators(AssetProperties... assets) {
        return new AddressValidators(new LedgerProperties("cryptoassets", List.of(assets)));
    }

    @Test
    void buildsOneValidatorPerAssetFromItsNetworks() {
        AddressValidators validators = validators(asset("BTC", "main"), asset("TBTC", "test", "regtest"),
                asset("LTC", "any"));
        String mainnet = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
        String regtest = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
        String litecoin = "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9";

        assertThat(validators.forAsset("BTC").check(mainnet).isValid()).isTrue();
        assertThat(validators.forAsset("BTC").check(regtest).isValid()).isFalse();
        assertThat(validators.forAsset("BTC").check(litecoin).isValid()).isFalse();
        assertThat(validators.forAsset("TBTC").check(regtest).isValid()).isTrue();
        assertThat(validators.forAsset("TBTC").check(mainnet).isValid()).isFalse();
        assertThat(validators.forAsset("LTC").check(litecoin).isValid()).isTrue();
        assertThat(validators.forAsset("LTC").check(litecoin + " ").isValid()).isFalse();
    }

    @Test
    void rejectsAnUnconfiguredAsset() {
        AddressValidators validators = validators(asset("BTC", "main"));
        assertThatThrownBy(() -> validators.forAsset("ETH"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("asset ETH is not configured");
        assertThatThrownBy(() -> validators.forAsset(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> validators.forAsset("btc")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mainnet", "Main", " main", "testnet", "testnet4", "ltc", ""})
    void failsAtStartUpOnAnUnknownNetworkName(String network) {
        assertThatThrownBy(() -> validators(asset("BTC", "main"), asset("DOGE", "test", network)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("asset DOGE: unknown address network '" + network + "'");
    }

    @Test
    void failsAtStartUpWhenAnyIsMixedWithNetworks() {
        assertThatThrownBy(() -> validators(asset("LTC", "any", "main")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asset LTC")
                .hasMessageContaining("[any, main]");
        assertThatThrownBy(() -> validators(asset("LTC", "test", "any")))
                .hasMessageContaining("asset LTC");
    }

    @Test
    void failsAtStartUpWithoutNetworks() {
        assertThatThrownBy(() -> validators(asset("BTC")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("asset BTC: address-networks is empty");
    }
}
