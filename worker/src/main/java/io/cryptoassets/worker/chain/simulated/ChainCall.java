package io.cryptoassets.worker.chain.simulated;

/** The node calls a fault can be injected into, one per {@code NodePort} method. */
public enum ChainCall {
    NEW_ADDRESS, SEND, SIGN, SEND_RAW, STATUS, LOCKED_INPUTS, UNLOCK, TRANSACTION, RECEIVED_SINCE, BLOCK_COUNT,
    SPENDABLE_BALANCE
}
