package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodeProperties;
import io.cryptoassets.worker.chain.bitcoind.BitcoindProperties;
import io.cryptoassets.worker.chain.simulated.SimulatedNodeProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeLookupDeadlineTest {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void defaultsToTwiceTheLongestReadTimeout() {
        List<AssetProperties> assets = List.of(bitcoind("BTC", Duration.ofSeconds(10)), bitcoind("LTC", Duration.ofSeconds(20)));

        assertThat(NodeLookupDeadline.of(null, assets, FIVE_MINUTES)).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void withoutABitcoindNodeTheDefaultReadTimeoutCounts() {
        assertThat(NodeLookupDeadline.of(null, List.of(), FIVE_MINUTES))
                .isEqualTo(BitcoindProperties.DEFAULT_READ_TIMEOUT.multipliedBy(2));
    }

    @Test
    void theDefaultStaysUnderAThirdOfThePollInterval() {
        List<AssetProperties> assets = List.of(bitcoind("BTC", Duration.ofSeconds(30)));

        assertThat(NodeLookupDeadline.of(null, assets, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aConfiguredDeadlineAboveHalfThePollIntervalFailsTheStart() {
        assertThat(NodeLookupDeadline.of(Duration.ofSeconds(150), List.of(), FIVE_MINUTES)).isEqualTo(Duration.ofSeconds(150));
        assertThatThrownBy(() -> NodeLookupDeadline.of(Duration.ofSeconds(151), List.of(), FIVE_MINUTES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node-lookup-deadline (PT2M31S)")
                .hasMessageContaining("max.poll.interval.ms (PT5M)");
    }

    @Test
    void thePollIntervalComesFromTheConsumerConfiguration() {
        assertThat(NodeLookupDeadline.maxPollInterval(Map.of())).isEqualTo(FIVE_MINUTES);
        assertThat(NodeLookupDeadline.maxPollInterval(Map.of("max.poll.interval.ms", "15000"))).isEqualTo(Duration.ofSeconds(15));
        assertThat(NodeLookupDeadline.maxPollInterval(Map.of("max.poll.interval.ms", 60000))).isEqualTo(Duration.ofMinutes(1));
    }

    private static AssetProperties bitcoind(String code, Duration readTimeout) {
        BitcoindProperties node = new BitcoindProperties(URI.create("http://127.0.0.1:8332"), null, "u", "p", null,
                null, readTimeout, null, null);
        return new AssetProperties(code, null, 8, 3, 15, List.of("main"),
                new NodeProperties(NodeProperties.Type.BITCOIND, SimulatedNodeProperties.defaults(), node));
    }
}
