package io.cryptoassets.worker.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.bitcoind.BitcoindNode;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The node settings bind from the property names README documents, and build the right adapter. */
class NodePropertiesBindingTest {

    @Test
    void bitcoindSettingsBindWithTypedValues() {
        LedgerProperties ledger = bind(Map.of(
                "cryptoassets.assets[0].code", "BTC",
                "cryptoassets.assets[0].node.type", "bitcoind",
                "cryptoassets.assets[0].node.bitcoind.url", "http://127.0.0.1:8332",
                "cryptoassets.assets[0].node.bitcoind.wallet", "hot",
                "cryptoassets.assets[0].node.bitcoind.cookie-file", "/var/lib/bitcoind/.cookie",
                "cryptoassets.assets[0].node.bitcoind.connect-timeout", "2s",
                "cryptoassets.assets[0].node.bitcoind.send-timeout", "90s"));
        NodeProperties node = ledger.assets().get(0).node();
        assertThat(node.type()).isEqualTo(NodeProperties.Type.BITCOIND);
        assertThat(node.bitcoind().url()).isEqualTo(URI.create("http://127.0.0.1:8332"));
        assertThat(node.bitcoind().cookieFile()).isEqualTo(Path.of("/var/lib/bitcoind/.cookie"));
        assertThat(node.bitcoind().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(node.bitcoind().sendTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(node.bitcoind().readTimeout()).isEqualTo(Duration.ofSeconds(30));
        try (Nodes nodes = new Nodes(ledger)) {
            assertThat(nodes.forAsset("BTC")).containsInstanceOf(BitcoindNode.class);
        }
    }

    @Test
    void bitcoindWithoutItsSettingsIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("cryptoassets.assets[0].code", "BTC",
                "cryptoassets.assets[0].node.type", "bitcoind")))
                .hasRootCauseMessage("node.type bitcoind needs node.bitcoind.url and credentials");
    }

    @Test
    void noNodeByDefaultAndSimulatedOnRequest() {
        Map<String, String> settings = new HashMap<>(Map.of("cryptoassets.assets[0].code", "BTC",
                "cryptoassets.assets[1].code", "LTC",
                "cryptoassets.assets[1].node.type", "simulated",
                "cryptoassets.assets[1].node.simulated.block-interval", "0s"));
        try (Nodes nodes = new Nodes(bind(settings))) {
            assertThat(nodes.forAsset("BTC")).isEmpty();
            assertThat(nodes.forAsset("LTC")).containsInstanceOf(SimulatedChain.class);
        }
    }

    private static LedgerProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bind("cryptoassets", LedgerProperties.class).get();
    }
}
