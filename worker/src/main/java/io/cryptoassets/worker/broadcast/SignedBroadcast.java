package io.cryptoassets.worker.broadcast;

import io.cryptoassets.worker.chain.Outpoint;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A recorded signed transaction that has not been marked sent yet, as a worker took it to
 * settle: its bytes are final, so sending them again can never pay twice.
 */
record SignedBroadcast(long id, String txid, String raw, List<Outpoint> inputs, OffsetDateTime openedAt,
                       int sendAttempts) {

    SignedBroadcast {
        inputs = List.copyOf(inputs);
    }
}
