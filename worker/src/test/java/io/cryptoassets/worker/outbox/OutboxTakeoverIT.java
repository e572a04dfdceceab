package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.worker.testsupport.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A relay whose lock session ends (its process killed, its connection cut, its session
 * terminated) loses its shards to another relay and publishes nothing of them any more.
 */
class OutboxTakeoverIT extends RelayIntegrationTest {

    @Test
    void aRelayWhoseSessionEndedPublishesNothingOfTheShardsTakenFromIt() {
        // The old holder polls only once a minute, so nothing but its own next round can tell it
        // that its session is gone: that round is woken by the rows below and must fail.
        TestRelay old = fixture.startRelay("old", TestKafka.get().bootstrapServers(),
                new RelayProperties(true, 50, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(5)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> old.held() == fixture.shards());

        fixture.terminateSession(old);
        TestRelay successor = fixture.startRelay("successor");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> successor.held() == fixture.shards());
        assertThat(old.held()).as("shards the old holder still believes it has").isEqualTo(fixture.shards());

        List<String> written = fixture.write(accounts(100), 1);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> old.errors() >= 1
                && fixture.waiting() == 0 && successor.template().acknowledged().containsAll(written));
        assertThat(old.template().acknowledged()).as("published by the relay that lost its shards").isEmpty();
        assertThat(old.published()).isZero();
        assertThat(old.relay().looping()).as("the old relay's loop carries on").isTrue();
    }

    @Test
    void aRelayCutOffInTheMiddleOfABatchSendsNothingItHadNotReadAndLosesNothing() {
        TestRelay old = fixture.startRelay("old");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> old.held() == fixture.shards());

        // The old holder is frozen after the broker acknowledged its first batch, before deleting it.
        RecordingTemplate.Hold hold = old.template().holdAfterNextFlush();
        List<String> before = fixture.write(accounts(100), 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(hold::reached);
        List<String> sentBeforeTheCut = old.template().acknowledged();
        assertThat(sentBeforeTheCut).as("the frozen batch").isNotEmpty();

        fixture.terminateSession(old);
        TestRelay successor = fixture.startRelay("successor");
        // The successor publishes every row again, the frozen batch included, and deletes them.
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> fixture.waiting() == 0 && successor.template().acknowledged().containsAll(before));
        List<String> after = fixture.write(accounts(100), 2);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> fixture.waiting() == 0 && successor.template().acknowledged().containsAll(after));

        // The old holder wakes up: its delete fails on the dead session, and it starts over.
        int oldSession = old.relay().sessionPid();
        hold.release();
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> old.errors() >= 1 && old.relay().sessionPid() != oldSession);
        assertThat(old.template().acknowledged()).as("sent by the relay after it was cut off")
                .containsExactlyInAnyOrderElementsOf(sentBeforeTheCut);

        // Once both are members again, each shard's rows leave through its holder only.
        fixture.awaitBalanced(List.of(old, successor));
        List<String> balanced = fixture.write(accounts(200), 3);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fixture.waiting() == 0);
        Set<String> byOld = new HashSet<>(old.template().acknowledged());
        Set<String> bySuccessor = new HashSet<>(successor.template().acknowledged());
        List<String> accounts = accounts(200);
        for (int i = 0; i < accounts.size(); i++) {
            int shard = outbox.shardOf(accounts.get(i));
            String eventId = balanced.get(i);
            TestRelay holder = old.heldSet().get(shard) ? old : successor;
            assertThat(byOld.contains(eventId)).as("%s of shard %d published by old", eventId, shard)
                    .isEqualTo(holder == old);
            assertThat(bySuccessor.contains(eventId)).as("%s of shard %d published by successor", eventId, shard)
                    .isEqualTo(holder == successor);
        }
    }

    private List<String> accounts(int count) {
        return new ArrayList<>(IntStream.range(0, count).mapToObj(fixture::account).toList());
    }
}
