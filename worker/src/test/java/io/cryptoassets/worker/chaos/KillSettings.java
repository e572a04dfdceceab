package io.cryptoassets.worker.chaos;

import java.time.Duration;

/**
 * How big and how violent one kill-the-workers run is. The defaults are the short run of the
 * default build; {@code -Dcryptoassets.kill.requests=100000} makes the long one (see README).
 *
 * @param requests    new requests the client produces (its retries of the same requests not counted)
 * @param production  over how long they are produced; the chaos lasts as long
 * @param killEvery   mean pause between two SIGKILLs of a random worker
 * @param accounts    accounts opened
 * @param hotAccounts of which this many take most debits, so that they race
 * @param seed        seed of the workload's choices (the timing of kills is not reproducible)
 */
record KillSettings(int requests, Duration production, Duration killEvery, int accounts, int hotAccounts, long seed) {

    static KillSettings fromSystemProperties() {
        int requests = Integer.getInteger("cryptoassets.kill.requests", 3_000);
        // About 50 requests/s for the short run; the long run goes at about 250/s.
        long seconds = Long.getLong("cryptoassets.kill.seconds", Math.max(60, requests / 250));
        return new KillSettings(requests, Duration.ofSeconds(seconds),
                Duration.ofSeconds(Long.getLong("cryptoassets.kill.every", 10)),
                Integer.getInteger("cryptoassets.kill.accounts", Math.max(30, requests / 100)),
                Integer.getInteger("cryptoassets.kill.hot-accounts", 3),
                Long.getLong("cryptoassets.kill.seed", System.nanoTime()));
    }
}
