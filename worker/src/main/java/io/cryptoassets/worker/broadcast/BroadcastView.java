package io.cryptoassets.worker.broadcast;

import java.math.BigInteger;
import java.time.OffsetDateTime;

/**
 * One broadcast as an operator sees it.
 *
 * @param state unopened, open, broken, sent, resolved-txid or resolved-not-sent
 */
public record BroadcastView(long id, String state, OffsetDateTime openedAt, OffsetDateTime closedAt, String txid,
                            int withdrawals, BigInteger total, BigInteger fee, int confirmations, int sendAttempts,
                            String lastError) {
}
