package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.Nodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the nodes, before a batch's transaction, what its requests need from them: an address
 * for each {@code CreateAddress} without one, the outputs of each {@code DepositNotified}. A
 * node that cannot answer turns into a NODE_UNAVAILABLE rejection rather than a stalled
 * partition: deposits are found again by confirmation polls and scans anyway.
 */
@Component
class NodeLookups {

    private static final Logger log = LoggerFactory.getLogger(NodeLookups.class);

    private final LedgerProperties ledger;
    private final Nodes nodes;
    private final NodeAddresses addresses;

    NodeLookups(LedgerProperties ledger, Nodes nodes, NodeAddresses addresses) {
        this.ledger = ledger;
        this.nodes = nodes;
        this.addresses = addresses;
    }

    /** Answers by idempotency key; requests that need no node, or have none, are absent. */
    Map<UUID, NodeAnswer> prepare(List<IncomingRequest> batch) {
        Map<UUID, NodeAnswer> answers = new HashMap<>();
        for (IncomingRequest incoming : batch) {
            if (!(incoming instanceof IncomingRequest.Valid valid) || !needsNode(valid.request())) {
                continue;
            }
            Request request = valid.request();
            Optional<AssetProperties> asset = ledger.asset(request.asset());
            Optional<NodePort> node = nodes.forAsset(request.asset());
            if (asset.isPresent() && node.isPresent()) {
                answers.put(request.idempotencyKey(), ask(asset.get(), node.get(), request));
            }
        }
        return answers;
    }

    static boolean needsNode(Request request) {
        return request instanceof DepositNotified || request instanceof CreateAddress c && c.address() == null;
    }

    private NodeAnswer ask(AssetProperties asset, NodePort node, Request request) {
        try {
            if (request instanceof CreateAddress c) {
                return new NodeAnswer.Address(addresses.addressFor(asset, c.idempotencyKey(), node, c.accountId()));
            }
            DepositNotified notice = (DepositNotified) request;
            Optional<NodeTransaction> seen = node.transaction(notice.txid());
            return seen.<NodeAnswer>map(t -> new NodeAnswer.Outputs(t.received()))
                    .orElseGet(() -> new NodeAnswer.Failed(ReasonCode.UNKNOWN_TRANSACTION,
                            "the " + asset.code() + " node's wallet does not know transaction " + notice.txid()));
        } catch (NodeCallFailedException e) {
            log.warn("{} node did not answer for {} {}: {}", asset.code(), request.messageType(),
                    request.idempotencyKey(), e.getMessage());
            return new NodeAnswer.Failed(ReasonCode.NODE_UNAVAILABLE,
                    "the " + asset.code() + " node did not answer: " + e.getMessage());
        }
    }
}
