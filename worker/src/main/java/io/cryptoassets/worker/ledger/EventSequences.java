package io.cryptoassets.worker.ledger;

import io.cryptoassets.worker.asset.AssetProperties;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hands out per-account event numbers outside a request batch (broadcasts, confirmations). The
 * update takes the account row, so it conflicts with any batch touching the same account and
 * the numbers stay strictly increasing in commit order. The same statement returns the balance and
 * the available balance, which the caller's events carry: no event here changes them, and the row
 * is held until commit.
 */
public final class EventSequences {

    private static final String TAKE = """
            UPDATE %s.account AS a
            SET event_sequence = a.event_sequence + v.n
            FROM unnest(CAST(:accounts AS text[]), CAST(:counts AS int[])) AS v(account_id, n)
            WHERE a.account_id = v.account_id
            RETURNING a.account_id, a.event_sequence - v.n + 1 AS first, a.balance, a.balance - a.held AS available
            """;

    private EventSequences() {
    }

    /**
     * Numbers reserved for one account: {@code first} and the ones after it, and its balance and
     * available balance meanwhile.
     */
    public record Taken(long first, BigInteger balance, BigInteger available) {
    }

    /** Reserves {@code count} numbers per account; returns each account's first one, with its balance. */
    public static Map<String, Taken> take(JdbcClient jdbc, AssetProperties asset, Map<String, Integer> counts) {
        Map<String, Taken> first = new HashMap<>();
        if (counts.isEmpty()) {
            return first;
        }
        List<String> accounts = List.copyOf(counts.keySet());
        jdbc.sql(TAKE.formatted(asset.schemaName().value()))
                .param("accounts", accounts.toArray(String[]::new))
                .param("counts", accounts.stream().map(counts::get).toArray(Integer[]::new))
                .query((rs, row) -> first.put(rs.getString("account_id"),
                        new Taken(rs.getLong("first"), rs.getBigDecimal("balance").toBigIntegerExact(),
                                rs.getBigDecimal("available").toBigIntegerExact())))
                .list();
        return first;
    }
}
