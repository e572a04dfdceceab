package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodePort;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.Nodes;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the nodes, before a batch's transaction, what its requests need from them: an address
 * for each {@code CreateAddress} without one, the outputs of each {@code DepositNotified} and,
 * for an asset whose deposits come from its node, of each {@code DepositObserved}. A
 * node that cannot answer turns into a NODE_UNAVAILABLE rejection rather than a stalled
 * partition: deposits are found again by confirmation polls and scans anyway.
 *
 * <p>The lookups run on a fixed pool, all of a batch at once, and the batch waits for them no
 * longer than {@link NodeLookupDeadline}: a node that accepts connections and never answers
 * costs one deadline per poll, never the consumer's place in its group. Requests the inbox
 * already answered are not looked up again: their stored result is replayed.
 */
@Component
class NodeLookups implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NodeLookups.class);

    private final LedgerProperties ledger;
    private final Nodes nodes;
    private final NodeAddresses addresses;
    private final Inbox inbox;
    private final Duration deadline;
    private final ExecutorService pool;

    NodeLookups(LedgerProperties ledger, Nodes nodes, NodeAddresses addresses, Inbox inbox,
                RequestProperties properties, KafkaProperties kafka) {
        this.ledger = ledger;
        this.nodes = nodes;
        this.addresses = addresses;
        this.inbox = inbox;
        this.deadline = NodeLookupDeadline.of(properties.nodeLookupDeadline(), ledger.assets(),
                NodeLookupDeadline.maxPollInterval(kafka.buildConsumerProperties()));
        CustomizableThreadFactory threads = new CustomizableThreadFactory("node-lookup-");
        threads.setDaemon(true);
        this.pool = Executors.newFixedThreadPool(properties.nodeLookupThreads(), threads);
    }

    private record Lookup(AssetProperties asset, NodePort node, Request request) {
    }

    /** Answers by idempotency key; requests that need no node, have none, or were answered before are absent. */
    Map<UUID, NodeAnswer> prepare(List<IncomingRequest> batch) {
        Map<UUID, Lookup> wanted = new LinkedHashMap<>();
        for (IncomingRequest incoming : batch) {
            if (!(incoming instanceof IncomingRequest.Valid valid)) {
                continue;
            }
            Request request = valid.request();
            Optional<AssetProperties> asset = ledger.asset(request.asset());
            Optional<NodePort> node = nodes.forAsset(request.asset());
            if (asset.isPresent() && needsNode(asset.get(), request) && node.isPresent()) {
                // A duplicate in the batch is answered by the first one's result: one lookup.
                wanted.putIfAbsent(request.idempotencyKey(), new Lookup(asset.get(), node.get(), request));
            }
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        // Read-only and outside the transaction: an answered request replays its stored result,
        // which never needs the node, and inbox rows are never removed.
        wanted.keySet().removeAll(inbox.find(List.copyOf(wanted.keySet())).keySet());
        return askAll(wanted);
    }

    static boolean needsNode(AssetProperties asset, Request request) {
        return request instanceof DepositNotified || request instanceof CreateAddress c && c.address() == null
                || request instanceof DepositObserved && asset.depositsFromNode();
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }

    private Map<UUID, NodeAnswer> askAll(Map<UUID, Lookup> wanted) {
        long until = System.nanoTime() + deadline.toNanos();
        Map<UUID, Future<NodeAnswer>> running = new LinkedHashMap<>();
        wanted.forEach((key, lookup) -> running.put(key, pool.submit(() -> ask(lookup))));
        Map<UUID, NodeAnswer> answers = new HashMap<>();
        List<String> late = new ArrayList<>();
        try {
            for (Map.Entry<UUID, Future<NodeAnswer>> entry : running.entrySet()) {
                Lookup lookup = wanted.get(entry.getKey());
                try {
                    answers.put(entry.getKey(), entry.getValue().get(Math.max(0, until - System.nanoTime()),
                            TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    entry.getValue().cancel(true);
                    late.add(lookup.asset().code());
                    answers.put(entry.getKey(), new NodeAnswer.Failed(ReasonCode.NODE_UNAVAILABLE, "the "
                            + lookup.asset().code() + " node did not answer within " + deadline.toMillis() + " ms"));
                } catch (ExecutionException e) {
                    // Not the node (that is a NodeCallFailedException, answered above) but the
                    // database, when a new address is stored: the batch fails and is retried.
                    throw new IllegalStateException("a node lookup for " + lookup.request().messageType() + " "
                            + entry.getKey() + " failed", e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node lookups", e);
        } finally {
            running.values().forEach(future -> future.cancel(true));
        }
        if (!late.isEmpty()) {
            log.warn("{} of {} node lookups did not finish within {} ms ({}); answered NODE_UNAVAILABLE",
                    late.size(), running.size(), deadline.toMillis(), String.join(",", new TreeSet<>(late)));
        }
        return answers;
    }

    private NodeAnswer ask(Lookup lookup) {
        AssetProperties asset = lookup.asset();
        NodePort node = lookup.node();
        Request request = lookup.request();
        try {
            if (request instanceof CreateAddress c) {
                return new NodeAnswer.Address(addresses.addressFor(asset, c.idempotencyKey(), node, c.accountId()));
            }
            if (request instanceof DepositObserved claim) {
                return node.transaction(claim.txid()).<NodeAnswer>map(t -> new NodeAnswer.Outputs(t.received()))
                        .orElseGet(() -> unverified(asset, claim));
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

    /** A claimed deposit the node does not know: nothing is credited, and somebody is told. */
    private static NodeAnswer unverified(AssetProperties asset, DepositObserved claim) {
        log.warn("{}: DepositObserved {} names transaction {} that the node does not know; rejected",
                asset.code(), claim.idempotencyKey(), claim.txid());
        PendingAlert alert = new PendingAlert(AlertKind.UNVERIFIED_DEPOSIT,
                "a DepositObserved named transaction " + claim.txid() + " that the " + asset.code()
                        + " node does not know; nothing was credited",
                Map.of("txid", claim.txid(), "vout", Integer.toString(claim.vout()), "address", claim.address(),
                        "amount", claim.amount().toString(), "confirmations", Integer.toString(claim.confirmations())));
        return new NodeAnswer.Failed(ReasonCode.UNKNOWN_TRANSACTION, "the " + asset.code()
                + " node's wallet does not know transaction " + claim.txid(), alert);
    }
}
