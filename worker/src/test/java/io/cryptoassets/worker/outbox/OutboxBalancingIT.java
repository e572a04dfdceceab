package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.testsupport.PublishedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Several relays share the shards, each shard held by one of them, and per-key order survives handovers. */
class OutboxBalancingIT extends RelayIntegrationTest {

    @Test
    void relaysSplitTheShardsAsTheyComeAndGo() {
        TestRelay first = fixture.startRelay("first");
        fixture.awaitBalanced(List.of(first));

        TestRelay second = fixture.startRelay("second");
        fixture.awaitBalanced(List.of(first, second));

        TestRelay third = fixture.startRelay("third");
        fixture.awaitBalanced(List.of(first, second, third));
        for (TestRelay relay : List.of(first, second, third)) {
            assertThat(relay.gauge("cryptoassets.outbox.relays")).as(relay.name()).isEqualTo(3.0);
            assertThat(relay.gauge("cryptoassets.outbox.shards.held")).as(relay.name()).isEqualTo(relay.held());
        }

        // A worker shutting down gives its shards back; the others take them over.
        second.stop();
        fixture.awaitBalanced(List.of(first, third));

        // A worker that dies gives nothing back: PostgreSQL frees its locks with its session.
        fixture.terminateSession(first);
        fixture.awaitBalanced(List.of(first, third));
    }

    @Test
    void eachAccountsEventsArriveInCommitOrderWhileRelaysJoinAndLeave() throws Exception {
        List<String> accounts = IntStream.range(0, 200).mapToObj(fixture::account).toList();
        int rounds = 30;
        Random random = new Random(11);
        AtomicInteger committed = new AtomicInteger();
        ScheduledExecutorService commits = Executors.newSingleThreadScheduledExecutor();
        try (PublishedEvents events = new PublishedEvents()) {
            TestRelay a = fixture.startRelay("a");
            // A commit every 100 ms, each with one row of every account in a new order, so that
            // rows of every account are waiting whenever a shard changes hands.
            commits.scheduleAtFixedRate(() -> {
                int round = committed.get() + 1;
                if (round <= rounds) {
                    List<String> shuffled = new ArrayList<>(accounts);
                    Collections.shuffle(shuffled, random);
                    fixture.write(shuffled, round);
                    committed.set(round);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            awaitCommitted(committed, 6);
            TestRelay b = fixture.startRelay("b");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.held() > 0);
            awaitCommitted(committed, 12);
            TestRelay c = fixture.startRelay("c");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.held() > 0);
            awaitCommitted(committed, 18);
            a.stop();
            awaitCommitted(committed, 24);
            fixture.terminateSession(b);

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> committed.get() == rounds
                    && fixture.waiting() == 0
                    && accounts.stream().allMatch(acc -> firstSequences(events.txUpdates(acc)).size() == rounds));

            List<Long> inOrder = IntStream.rangeClosed(1, rounds).mapToObj(Long::valueOf).toList();
            for (String account : accounts) {
                assertThat(firstSequences(events.txUpdates(account))).as(account).containsExactlyElementsOf(inOrder);
            }
            assertThat(List.of(a, b, c)).as("every relay published a share").allMatch(relay -> relay.published() > 0);
        } finally {
            commits.shutdownNow();
            assertThat(commits.awaitTermination(10, TimeUnit.SECONDS)).as("commits stopped").isTrue();
        }
    }

    private static void awaitCommitted(AtomicInteger committed, int round) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committed.get() >= round);
    }

    /** The sequences of an account's updates, each event counted at its first arrival. */
    static List<Long> firstSequences(List<TxUpdate> updates) {
        Set<UUID> seen = new HashSet<>();
        List<Long> sequences = new ArrayList<>();
        for (TxUpdate update : updates) {
            if (seen.add(update.eventId())) {
                sequences.add(update.sequence());
            }
        }
        return sequences;
    }
}
