package io.cryptoassets.worker.ledger;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fails and refunds the withdrawals held for approval whose deadline passed. Every worker runs it;
 * each withdrawal ends in a serializable transaction of its own, with a conditional update
 * ({@link WithdrawalRefunds#expire}), so two workers expiring the same withdrawal, or an approval
 * racing its expiry, end it exactly once. Needs no node.
 */
@Component
public class ApprovalExpiry {

    /** Oldest deadline first, a bounded number a round: the next round takes the rest. */
    private static final String EXPIRED = """
            SELECT id
            FROM %s.transaction
            WHERE state = 'awaiting_approval' AND approval_deadline < now()
            ORDER BY approval_deadline, id
            LIMIT :limit
            """;

    private static final int PER_ROUND = 500;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final WithdrawalRefunds refunds;

    ApprovalExpiry(JdbcClient jdbc, SerializableTransactions transactions, WithdrawalRefunds refunds) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.refunds = refunds;
    }

    /**
     * One round for {@code asset}.
     *
     * @return how many withdrawals this round failed and refunded (not those another worker or an
     *         approval took first)
     */
    public int round(AssetProperties asset) {
        List<Long> due = jdbc.sql(EXPIRED.formatted(asset.schemaName().value()))
                .param("limit", PER_ROUND).query(Long.class).list();
        int expired = 0;
        for (long id : due) {
            if (transactions.inTransaction("expire approval", status -> refunds.expire(asset, id)).isPresent()) {
                expired++;
            }
        }
        return expired;
    }
}
