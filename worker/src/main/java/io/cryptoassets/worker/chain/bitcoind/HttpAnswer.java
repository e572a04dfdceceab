package io.cryptoassets.worker.chain.bitcoind;

/** A complete HTTP response from the node: status and the whole body. */
record HttpAnswer(int status, byte[] body) {
}
