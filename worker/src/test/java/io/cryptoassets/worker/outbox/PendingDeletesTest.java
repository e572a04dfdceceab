package io.cryptoassets.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PendingDeletesTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void retriesBackOffFromOneSecondDoublingUpToThirtyAndWarnAtMostEveryThirtySeconds() {
        PendingDeletes pending = new PendingDeletes();
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID());
        long now = 1_000 * SECOND;
        List<Long> delays = new ArrayList<>();
        List<Long> warnedAt = new ArrayList<>();
        long start = now;
        for (int attempt = 0; attempt < 9; attempt++) {
            if (pending.failed(ids, now)) {
                warnedAt.add((now - start) / SECOND);
            }
            delays.add(pending.nextDelaySeconds());
            assertThat(pending.nanosUntilNextAttempt(now)).isEqualTo(pending.nextDelaySeconds() * SECOND);
            now += pending.nextDelaySeconds() * SECOND;
        }
        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L);
        assertThat(warnedAt).containsExactly(0L, 31L, 61L, 91L, 121L);
        assertThat(pending.lastedSeconds(now)).isEqualTo(151);
        assertThat(pending.ids()).isEqualTo(ids);

        pending.clear();
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.failed(ids, now)).as("a new failure after a clear warns again").isTrue();
        assertThat(pending.nextDelaySeconds()).isEqualTo(1);
    }
}
