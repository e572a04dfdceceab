package io.cryptoassets.worker.broadcast;

import java.math.BigInteger;
import org.springframework.jdbc.core.RowMapper;

/**
 * What a broadcast pays: a customer's withdrawal, or the one output of a sweep to cold storage
 * ({@code sweep}: no customer, no {@code TxUpdate}, never refunded).
 */
record BroadcastMember(long transactionId, String accountId, String address, BigInteger amount, boolean sweep) {

    /** Reads a row with {@code id, account_id, address, amount, type} of a member transaction. */
    static final RowMapper<BroadcastMember> ROWS = (rs, row) -> new BroadcastMember(rs.getLong("id"),
            rs.getString("account_id"), rs.getString("address"), rs.getBigDecimal("amount").toBigIntegerExact(),
            "sweep".equals(rs.getString("type")));
}
