package io.cryptoassets.worker.withdrawal;

import java.math.BigInteger;
import java.time.Duration;

/**
 * One withdrawal as an operator sees it.
 *
 * @param state          pending, broadcasted, failed or cancelled
 * @param broadcastId    the broadcast it is in, or null while it waits to be grouped or once it ended
 * @param broadcastState that broadcast's state (grouped, signing, signed, opened, sent, broken, dissolved)
 * @param age            since the withdrawal was accepted
 * @param lastError      the node's last refusal of its broadcast, if any
 */
public record WithdrawalView(long id, String accountId, String address, BigInteger amount, String state,
                             Long broadcastId, String broadcastState, Duration age, String lastError) {
}
