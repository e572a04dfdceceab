package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodePort;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the hot wallet holds for itself: the node wallet's spendable balance (the figure the
 * reserves compare, {@link NodePort#spendableBalance}) less the withdrawals debited and not sent
 * yet ({@code pending}, in a broadcast or not, and {@code awaiting_approval}), which the wallet
 * already owes to the chain.
 *
 * <p>The ledger is read before the node is asked. A withdrawal sent in between is then counted
 * twice (still waiting in the ledger, already gone from the wallet) and the figure is low for a
 * moment, never high: a sweep it decides leaves at least its target in the wallet.
 */
@Component
class HotWallet {

    private static final String READ = """
            SELECT (SELECT coalesce(sum(amount), 0) FROM %1$s.transaction
                    WHERE type = 'broadcast' AND state IN ('pending', 'awaiting_approval')) AS waiting,
                   (SELECT coalesce(max(id), 0) FROM %1$s.network_transaction WHERE kind = 'sweep') AS last_sweep,
                   EXISTS (SELECT 1 FROM %1$s.network_transaction
                           WHERE kind = 'sweep' AND state IN ('grouped', 'signing', 'signed', 'opened', 'broken'))
                       AS sweep_live
            """;

    /**
     * @param lastSweep the newest sweep's id when the ledger was read (0: none); a sweep decided on
     *                  this reading may only be created while no newer one exists, since the
     *                  balance may not show a newer one
     * @param sweepLive a sweep was not finished when the ledger was read: the balance may still
     *                  hold its coins, so it says nothing about what to sweep
     */
    record Reading(BigInteger balance, BigInteger waiting, long lastSweep, boolean sweepLive) {

        BigInteger hot() {
            return balance.subtract(waiting);
        }
    }

    private final JdbcClient jdbc;

    HotWallet(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Reads the ledger, then asks the node; outside any transaction. */
    Reading read(AssetProperties asset, NodePort node) {
        Map<String, Object> row = jdbc.sql(READ.formatted(asset.schemaName().value())).query().singleRow();
        BigInteger balance = node.spendableBalance();
        return new Reading(balance, ((BigDecimal) row.get("waiting")).toBigIntegerExact(),
                ((Number) row.get("last_sweep")).longValue(), (Boolean) row.get("sweep_live"));
    }
}
