package io.cryptoassets.worker.bench;

import java.util.List;

/**
 * One measured run: a fresh database and a fresh worker, accounts opened and funded, then the
 * withdrawals.
 *
 * @param name        how the report calls it
 * @param accounts    accounts opened and funded before measuring
 * @param withdrawals withdrawals measured
 * @param hotShare    share of withdrawals that go to one account (0: uniform over all)
 * @param rate        withdrawals produced per second; 0 produces them as fast as the producer allows
 * @param workerArgs  worker options, e.g. {@code --cryptoassets.requests.mode=per-request}
 */
record Scenario(String name, int accounts, int withdrawals, double hotShare, int rate, List<String> workerArgs) {

    boolean paced() {
        return rate > 0;
    }

    boolean perRequest() {
        return workerArgs.contains("--cryptoassets.requests.mode=per-request");
    }
}
