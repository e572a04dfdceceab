package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.testsupport.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A relay waiting on the broker for longer than {@code stale-after} is slow, not stalled: the
 * other relays must not end its session (which would send its batch a second time), because it
 * keeps speaking on its session while it waits.
 */
class OutboxSlowBrokerIT extends RelayIntegrationTest {

    private static final RelayProperties QUICK_TO_JUDGE =
            new RelayProperties(true, 50, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(1));

    @Test
    void aRelayWaitingOnTheBrokerKeepsItsSessionAndShards() {
        TestRelay slow = fixture.startRelay("slow", TestKafka.get().bootstrapServers(), QUICK_TO_JUDGE);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> slow.held() == fixture.shards());
        int session = slow.relay().sessionPid();

        // The broker acknowledged, but the wait for it goes on: three times stale-after.
        RecordingTemplate.Hold hold = slow.template().holdAfterNextFlush();
        List<String> written = fixture.write(new ArrayList<>(IntStream.range(0, 50).mapToObj(fixture::account).toList()), 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(hold::reached);
        TestRelay peer = fixture.startRelay("peer", TestKafka.get().bootstrapServers(), QUICK_TO_JUDGE);
        Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .until(() -> fixture.members().contains(session));
        hold.release();

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fixture.waiting() == 0);
        assertThat(slow.relay().sessionPid()).as("session of the slow relay").isEqualTo(session);
        assertThat(slow.errors()).as("failed rounds of the slow relay").isZero();
        List<String> sent = new ArrayList<>(slow.template().acknowledged());
        sent.addAll(peer.template().acknowledged());
        assertThat(sent.stream().filter(written::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
                .as("Kafka records per row").hasSize(written.size())
                .allSatisfy((eventId, count) -> assertThat(count).as(eventId).isEqualTo(1L));
    }
}
