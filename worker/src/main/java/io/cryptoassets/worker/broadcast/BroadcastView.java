package io.cryptoassets.worker.broadcast;

import java.math.BigInteger;
import java.time.OffsetDateTime;

/**
 * One broadcast as an operator sees it.
 *
 * @param kind  {@code withdrawals}, or {@code sweep} to cold storage (its one output counted as a withdrawal)
 * @param state the broadcast's state (grouped, signing, signed, opened, sent, broken, dissolved),
 *              with {@code /resolved} when an operator resolved it and {@code signed/refused}
 *              for a recorded transaction the node kept refusing (resolvable like a broken one)
 */
public record BroadcastView(long id, String kind, String state, OffsetDateTime openedAt, OffsetDateTime closedAt, String txid,
                            int withdrawals, BigInteger total, BigInteger fee, int confirmations, int sendAttempts,
                            String lastError) {
}
