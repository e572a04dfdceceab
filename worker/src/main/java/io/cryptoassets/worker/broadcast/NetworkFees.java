package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.asset.AssetProperties;
import java.math.BigInteger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Charges the fee of a sent network transaction to the asset's network-fee account, exactly
 * once: the fee column goes from null to the amount in the same statement that charges it.
 * That account may go negative; it shows what the operator has paid miners.
 */
@Component
class NetworkFees {

    private static final String RECORD_FEE = """
            UPDATE %s.network_transaction
            SET fee = CAST(:fee AS numeric), updated_at = now()
            WHERE id = :id AND fee IS NULL
            """;

    private static final String CHARGE = """
            WITH charged AS (
                UPDATE %1$s.account
                SET balance = balance - CAST(:fee AS numeric)
                WHERE is_network_fee
                RETURNING account_id, balance
            )
            INSERT INTO %1$s.ledger_entry (account_id, network_transaction_id, amount, balance_after)
            SELECT account_id, :id, -CAST(:fee AS numeric), balance FROM charged
            """;

    private final JdbcClient jdbc;

    NetworkFees(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records and charges {@code fee} unless this network transaction's fee is already known. */
    void charge(AssetProperties asset, long networkTransactionId, BigInteger fee) {
        if (fee == null || fee.signum() == 0) {
            return; // a zero fee has no ledger entry: entries are never zero
        }
        String schema = asset.schemaName().value();
        int recorded = jdbc.sql(RECORD_FEE.formatted(schema)).param("id", networkTransactionId)
                .param("fee", fee.toString()).update();
        if (recorded == 1) {
            jdbc.sql(CHARGE.formatted(schema)).param("id", networkTransactionId).param("fee", fee.toString()).update();
        }
    }
}
