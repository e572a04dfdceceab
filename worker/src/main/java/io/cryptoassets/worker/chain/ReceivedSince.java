package io.cryptoassets.worker.chain;

import java.util.List;

/**
 * The answer of {@link NodePort#receivedSince}.
 *
 * @param received  received outputs, oldest block first
 * @param lastBlock block hash to resume the next scan from
 */
public record ReceivedSince(List<ReceivedOutput> received, String lastBlock) {

    public ReceivedSince {
        received = List.copyOf(received);
    }
}
