package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.ledger.LedgerChain;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Charges the fee of a sent or recorded network transaction to the asset's network-fee account, exactly
 * once: the fee column goes from null to the amount in the same statement that charges it.
 * That account may go negative; it shows what the operator has paid miners. The fee's ledger
 * entry is hashed onto the account's chain like every other ({@link LedgerChain}); both
 * callers run in a serializable transaction, so no other writer moves the chain head between
 * the read and the write.
 */
@Component
class NetworkFees {

    private static final String RECORD_FEE = """
            UPDATE %s.network_transaction
            SET fee = CAST(:fee AS numeric), updated_at = now()
            WHERE id = :id AND fee IS NULL
            """;

    /** The old fee, if one was recorded; PostgreSQL's RETURNING sees the new row, hence the self-join. */
    private static final String FORGET_FEE = """
            UPDATE %1$s.network_transaction AS n
            SET fee = NULL, updated_at = now()
            FROM %1$s.network_transaction AS old
            WHERE n.id = :id AND old.id = n.id AND n.fee IS NOT NULL
            RETURNING old.fee
            """;

    private static final String FEE_ACCOUNT = """
            SELECT account_id, balance, chain_head
            FROM %s.account
            WHERE is_network_fee
            """;

    private static final String CHARGE = """
            WITH charged AS (
                UPDATE %1$s.account
                SET balance = CAST(:balance AS numeric), chain_head = decode(:hash, 'hex')
                WHERE account_id = :account
                RETURNING account_id
            )
            INSERT INTO %1$s.ledger_entry (account_id, network_transaction_id, amount, balance_after, created_at, hash)
            SELECT account_id, :id, CAST(:amount AS numeric), CAST(:balance AS numeric),
                   CAST(:createdAt AS timestamptz), decode(:hash, 'hex')
            FROM charged
            """;

    private final JdbcClient jdbc;

    NetworkFees(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records and charges {@code fee} unless this network transaction's fee is already known. A
     * zero fee is recorded (so nothing waits for it) without a ledger entry: entries are never zero.
     */
    void charge(AssetProperties asset, long networkTransactionId, BigInteger fee) {
        if (fee == null) {
            return;
        }
        String schema = asset.schemaName().value();
        int recorded = jdbc.sql(RECORD_FEE.formatted(schema)).param("id", networkTransactionId)
                .param("fee", fee.toString()).update();
        if (recorded == 1 && fee.signum() != 0) {
            entry(asset, networkTransactionId, fee.negate());
        }
    }

    /**
     * Gives back the fee charged for a signed transaction that will never be sent (an operator
     * declared it not sent): the fee column goes back to null in the statement that decides it,
     * so the reversal happens once, and the entry names the same network transaction.
     */
    void reverse(AssetProperties asset, long networkTransactionId) {
        String schema = asset.schemaName().value();
        jdbc.sql(FORGET_FEE.formatted(schema)).param("id", networkTransactionId)
                .query((rs, row) -> rs.getBigDecimal("fee").toBigIntegerExact())
                .optional()
                .filter(fee -> fee.signum() != 0)
                .ifPresent(fee -> entry(asset, networkTransactionId, fee));
    }

    private void entry(AssetProperties asset, long networkTransactionId, BigInteger amount) {
        String schema = asset.schemaName().value();
        FeeAccount account = jdbc.sql(FEE_ACCOUNT.formatted(schema))
                .query((rs, row) -> new FeeAccount(rs.getString("account_id"),
                        rs.getBigDecimal("balance").toBigIntegerExact(), rs.getBytes("chain_head")))
                .single();
        BigInteger balance = account.balance().add(amount);
        Instant createdAt = LedgerChain.storable(Instant.now());
        byte[] hash = LedgerChain.hash(account.chainHead(), asset.code(), account.id(), null, networkTransactionId,
                amount, balance, createdAt);
        jdbc.sql(CHARGE.formatted(schema))
                .param("account", account.id())
                .param("id", networkTransactionId)
                .param("amount", amount.toString())
                .param("balance", balance.toString())
                .param("hash", LedgerChain.hex(hash))
                .param("createdAt", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
                .update();
    }

    private record FeeAccount(String id, BigInteger balance, byte[] chainHead) {
    }
}
