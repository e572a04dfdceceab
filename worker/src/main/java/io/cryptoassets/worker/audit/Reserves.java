package io.cryptoassets.worker.audit;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.coldwallet.ColdWallet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Compares an asset's liabilities with its node wallet and its cold storage. The node is asked
 * first and the ledger read after: a withdrawal or sweep sent in between then shows as already
 * paid on both sides or on the node's side only (a surplus for a moment), never as a shortfall
 * that is not there. A sweep the node has and the worker has not marked sent yet is in neither
 * figure for that moment; the watch counts a shortfall only when it sees it twice in a row.
 */
@Component
public class Reserves {

    private static final String LIABILITIES = """
            SELECT (SELECT coalesce(sum(balance), 0) FROM %1$s.account WHERE NOT is_network_fee) AS balances,
                   (SELECT coalesce(sum(amount), 0) FROM %1$s.transaction
                    WHERE type = 'broadcast' AND state IN ('pending', 'awaiting_approval')) AS unsent
            """;

    private final JdbcClient jdbc;
    private final ColdWallet cold;

    Reserves(JdbcClient jdbc, ColdWallet cold) {
        this.jdbc = jdbc;
        this.cold = cold;
    }

    /** The reserves of {@code asset}, whose node is {@code node}. */
    public AssetReserves of(AssetProperties asset, NodePort node) {
        BigInteger hotWallet = node.spendableBalance();
        Map<String, Object> owed = jdbc.sql(LIABILITIES.formatted(asset.schemaName().value())).query().singleRow();
        return new AssetReserves(asset.code(), integer(owed.get("balances")), integer(owed.get("unsent")), hotWallet,
                cold.holdings(asset));
    }

    private static BigInteger integer(Object numeric) {
        return ((BigDecimal) numeric).toBigIntegerExact();
    }
}
