package io.cryptoassets.worker.broadcast;

import java.math.BigInteger;

/** A withdrawal carried by a broadcast. */
record BroadcastMember(long transactionId, String accountId, String address, BigInteger amount) {
}
