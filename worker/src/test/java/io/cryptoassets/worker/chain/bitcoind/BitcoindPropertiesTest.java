package io.cryptoassets.worker.chain.bitcoind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BitcoindPropertiesTest {

    private static final URI URL = URI.create("http://127.0.0.1:8332");
    private static final Path COOKIE = Path.of("/var/lib/bitcoind/.cookie");

    @Test
    void timeoutsDefaultToFiveThirtyAndSixtySeconds() {
        BitcoindProperties properties = BitcoindProperties.withPassword(URL, "hot", "worker", "pw");

        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.sendTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.addressType()).isNull();
    }

    @Test
    void urlIsRequired() {
        assertThatThrownBy(() -> BitcoindProperties.withPassword(null, "hot", "worker", "pw"))
                .hasMessageContaining("url is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1:8332", "http://worker:pw@127.0.0.1:8332", "http://127.0.0.1:8332/?wallet=hot",
            "127.0.0.1:8332"})
    void urlMustBePlainHttpWithoutCredentials(String url) {
        assertThatThrownBy(() -> BitcoindProperties.withPassword(URI.create(url), null, "worker", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw@"));
    }

    @Test
    void exactlyOneKindOfCredentialsIsRequired() {
        assertThatThrownBy(() -> new BitcoindProperties(URL, null, null, null, null, null, null, null, null))
                .hasMessageContaining("are required");
        assertThatThrownBy(() -> new BitcoindProperties(URL, null, "worker", "pw", COOKIE, null, null, null, null))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new BitcoindProperties(URL, null, "worker", null, null, null, null, null, null))
                .hasMessageContaining("together");
        assertThatThrownBy(() -> new BitcoindProperties(URL, null, null, "pw", null, null, null, null, null))
                .hasMessageContaining("together");
        assertThatThrownBy(() -> new BitcoindProperties(URL, null, "wor:ker", "pw", null, null, null, null, null))
                .hasMessageContaining("':'");
        assertThat(BitcoindProperties.withCookieFile(URL, null, COOKIE).cookieFile()).isEqualTo(COOKIE);
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new BitcoindProperties(URL, null, "worker", "pw", null, Duration.ZERO, null, null, null))
                .hasMessageContaining("connect-timeout");
        assertThatThrownBy(() -> new BitcoindProperties(URL, null, "worker", "pw", null, null, Duration.ofSeconds(-1), null, null))
                .hasMessageContaining("read-timeout");
        assertThatThrownBy(() -> new BitcoindProperties(URL, null, "worker", "pw", null, null, null, Duration.ZERO, null))
                .hasMessageContaining("send-timeout");
    }

    @Test
    void endpointIsTheUrlOrItsWalletPathWithTheNameAsOneEncodedSegment() {
        assertThat(BitcoindProperties.withPassword(URL, null, "worker", "pw").endpoint()).isEqualTo(URL);
        assertThat(BitcoindProperties.withPassword(URL, " ", "worker", "pw").endpoint()).isEqualTo(URL);
        assertThat(BitcoindProperties.withPassword(URI.create("https://node.internal:8332/"), "hot", "worker", "pw").endpoint())
                .hasToString("https://node.internal:8332/wallet/hot");
        assertThat(BitcoindProperties.withPassword(URL, "cold+hot wallet/ü", "worker", "pw").endpoint())
                .hasToString("http://127.0.0.1:8332/wallet/cold%2Bhot%20wallet%2F%C3%BC");
    }

    @Test
    void toStringNeverShowsThePassword() {
        String text = BitcoindProperties.withPassword(URL, "hot", "worker", "correct horse battery staple").toString();

        assertThat(text).doesNotContain("correct horse").contains("password=***").contains("username=worker");
    }
}
