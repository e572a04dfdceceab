package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import java.util.List;

/**
 * What the asset's node said for a request that needs it, asked before the batch's transaction
 * so that a replayed transaction reuses the answer instead of calling the node again.
 */
sealed interface NodeAnswer {

    /** The address the node handed out for a {@code CreateAddress} without one. */
    record Address(String address) implements NodeAnswer {
    }

    /** The wallet outputs of the transaction a {@code DepositNotified} or a node-checked {@code DepositObserved} names. */
    record Outputs(List<ReceivedOutput> outputs) implements NodeAnswer {
    }

    /**
     * The node could not answer, or did not know the transaction; {@code alert}, when not null,
     * is raised in the rejection's transaction.
     */
    record Failed(ReasonCode reason, String detail, PendingAlert alert) implements NodeAnswer {

        Failed(ReasonCode reason, String detail) {
            this(reason, detail, null);
        }
    }
}
