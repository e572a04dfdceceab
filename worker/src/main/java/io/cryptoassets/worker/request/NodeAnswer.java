package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.worker.chain.ReceivedOutput;
import java.util.List;

/**
 * What the asset's node said for a request that needs it, asked before the batch's transaction
 * so that a replayed transaction reuses the answer instead of calling the node again.
 */
sealed interface NodeAnswer {

    /** The address the node handed out for a {@code CreateAddress} without one. */
    record Address(String address) implements NodeAnswer {
    }

    /** The wallet outputs of the transaction a {@code DepositNotified} names. */
    record Outputs(List<ReceivedOutput> outputs) implements NodeAnswer {
    }

    /** The node could not answer, or did not know the transaction. */
    record Failed(ReasonCode reason, String detail) implements NodeAnswer {
    }
}
