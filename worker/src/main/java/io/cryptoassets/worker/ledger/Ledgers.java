package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.worker.asset.AssetProperties;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Entry point to the asset ledgers for a batch: load the slice the requests need, let the
 * caller decide against it, then save every change in bulk. Both calls must run inside the
 * same serializable transaction.
 */
@Component
public class Ledgers {

    private final LedgerReader reader;
    private final LedgerWriter writer;

    public Ledgers(JdbcClient jdbc) {
        this.reader = new LedgerReader(jdbc);
        this.writer = new LedgerWriter(jdbc);
    }

    /**
     * @param addressProblem tells why an address is not valid for this asset, or empty if it is
     */
    public AssetLedger load(AssetProperties asset, List<? extends Request> requests,
                            Function<String, Optional<String>> addressProblem) {
        return load(asset, requests, addressProblem, Instant.now());
    }

    /**
     * @param addressProblem tells why an address is not valid for this asset, or empty if it is
     * @param now            the batch's decision time, the one its events carry: holds expire against it
     */
    public AssetLedger load(AssetProperties asset, List<? extends Request> requests,
                            Function<String, Optional<String>> addressProblem, Instant now) {
        return reader.load(asset, BatchNeeds.of(requests), addressProblem, now);
    }

    /** Allocates ids for new transactions and writes every change of {@code ledger}. */
    public void save(AssetProperties asset, AssetLedger ledger) {
        writer.allocateIds(asset, ledger.changes());
        writer.write(asset, ledger);
    }
}
