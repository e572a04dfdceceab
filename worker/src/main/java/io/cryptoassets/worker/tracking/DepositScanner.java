package io.cryptoassets.worker.tracking;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.ReceivedSince;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds deposits nobody reported: asks the node for every output received since the stored
 * scan position and feeds them, in chunks, through {@link ChainDeposits}. The position moves
 * only after every chunk committed, so a scan cut short is simply repeated (observations are
 * idempotent). The node lags the position by the asset's confirmations-to-credit, so outputs
 * not yet credited are seen again next time.
 */
@Component
public class DepositScanner {

    private static final Logger log = LoggerFactory.getLogger(DepositScanner.class);

    private static final String POSITION = """
            SELECT block_hash FROM %s.node_scan_position WHERE asset = :asset
            """;

    private static final String SAVE_POSITION = """
            INSERT INTO %s.node_scan_position (asset, block_height, block_hash)
            VALUES (:asset, :height, :hash)
            ON CONFLICT (asset) DO UPDATE
            SET block_height = EXCLUDED.block_height, block_hash = EXCLUDED.block_hash, updated_at = now()
            """;

    static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final ChainDeposits deposits;
    private final String sharedSchema;

    DepositScanner(JdbcClient jdbc, ChainDeposits deposits, LedgerProperties ledger) {
        this.jdbc = jdbc;
        this.deposits = deposits;
        this.sharedSchema = ledger.sharedSchemaName().value();
    }

    /** Progress of a scan, reported after each chunk. */
    public interface Progress {
        void chunkApplied(int done, int total, int ours);
    }

    /** What a scan found. */
    public record Result(int outputs, int ours, int notOurs, String fromBlock, String toBlock) {
    }

    /**
     * Scans {@code asset}'s node from the stored position.
     *
     * @param fromStart ignore the stored position and scan the wallet's whole history
     */
    public Result scan(AssetProperties asset, NodePort node, boolean fromStart, Progress progress) {
        String from = fromStart ? null : position(asset).orElse(null);
        ReceivedSince since = node.receivedSince(from, asset.confirmationsToCredit());
        List<ReceivedOutput> outputs = since.received();
        int ours = 0;
        int notOurs = 0;
        for (int start = 0; start < outputs.size(); start += CHUNK) {
            ChainDeposits.Applied applied = deposits.apply(asset, outputs.subList(start, Math.min(outputs.size(), start + CHUNK)));
            ours += applied.ours();
            notOurs += applied.notOurs();
            progress.chunkApplied(Math.min(outputs.size(), start + CHUNK), outputs.size(), ours);
        }
        long height = Math.max(0, node.blockCount() - asset.confirmationsToCredit() + 1);
        jdbc.sql(SAVE_POSITION.formatted(sharedSchema)).param("asset", asset.code()).param("height", height)
                .param("hash", since.lastBlock()).update();
        if (!outputs.isEmpty()) {
            log.info("{}: scan from {} found {} outputs, {} to our addresses", asset.code(),
                    from == null ? "the start" : from, outputs.size(), ours);
        }
        return new Result(outputs.size(), ours, notOurs, from, since.lastBlock());
    }

    public Optional<String> position(AssetProperties asset) {
        return jdbc.sql(POSITION.formatted(sharedSchema)).param("asset", asset.code()).query(String.class).optional();
    }
}
