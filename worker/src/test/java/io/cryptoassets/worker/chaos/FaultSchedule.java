package io.cryptoassets.worker.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a kill-the-workers run besides the kills, drawn from the run's seed: the same seed
 * gives the same faults in the same order at the same points of the run, so a failing schedule can
 * be replayed with {@code -Dcryptoassets.kill.seed=N} (the kills' exact moments still depend on
 * the machine).
 *
 * @param faults in the order they start
 */
record FaultSchedule(List<Fault> faults) {

    /** What goes wrong. */
    enum Kind {
        /** Records of the shapes that once stopped a partition (see {@link Workload#poison()}). */
        POISON,
        /** The node accepts every call and never answers, then drops them. */
        HUNG_NODE,
        /** The node answers every call with an error. */
        REFUSING_NODE,
        /** Every database session of the workers is terminated by the server. */
        CONNECTIONS_CUT,
        /**
         * A worker is frozen with SIGSTOP, then resumed: longer than the consumer's session timeout
         * (6 s) and the relay's stale-after, shorter than the operator's not-sent judgement (15 s),
         * which assumes no worker is stalled that long inside a send.
         */
        FROZEN_WORKER
    }

    /**
     * One fault.
     *
     * @param at    when it starts, as a fraction of the production time
     * @param lasts how long it lasts; zero for a fault that is one act
     */
    record Fault(Kind kind, double at, Duration lasts) {

        @Override
        public String toString() {
            return String.format("%s at %.0f%%%s", kind, at * 100, lasts.isZero() ? "" : " for " + lasts.toSeconds() + " s");
        }
    }

    static FaultSchedule draw(long seed) {
        Random random = new Random(seed + 2);
        List<Kind> kinds = new ArrayList<>(Arrays.asList(Kind.values()));
        Collections.shuffle(kinds, random);
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            // Spread over the run, clear of its start and end, a little jitter each.
            double at = 0.12 + i * 0.16 + random.nextDouble() * 0.04;
            faults.add(new Fault(kinds.get(i), at, duration(kinds.get(i), random)));
        }
        return new FaultSchedule(List.copyOf(faults));
    }

    private static Duration duration(Kind kind, Random random) {
        return switch (kind) {
            case POISON, CONNECTIONS_CUT -> Duration.ZERO;
            case HUNG_NODE -> Duration.ofSeconds(10 + random.nextInt(6));
            case REFUSING_NODE -> Duration.ofSeconds(8 + random.nextInt(5));
            case FROZEN_WORKER -> Duration.ofSeconds(11 + random.nextInt(2));
        };
    }

    @Override
    public String toString() {
        return faults.toString();
    }
}
