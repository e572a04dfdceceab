package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.ledger.AssetLedger;
import io.cryptoassets.worker.ledger.Decision;
import io.cryptoassets.worker.ledger.Ledgers;
import io.cryptoassets.worker.ledger.PendingEvent;
import io.cryptoassets.worker.outbox.OutboxMessage;
import io.cryptoassets.worker.outbox.OutboxWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Applies one batch of requests. Runs inside the batch's serializable transaction and may be
 * replayed whole on a conflict, so it keeps no state between calls and has no effect outside
 * the database.
 *
 * <p>Round trips per batch: one inbox lookup, per asset three loads, one id allocation and up
 * to eight bulk writes, then one inbox insert and one outbox insert, however many requests. A batch
 * that cancels, approves or rejects withdrawals costs up to two more loads and two more writes per
 * asset, one with hold requests one more load and up to two more writes (new holds, settled ones);
 * no other batch does.
 */
@Component
class BatchApplier {

    private final Inbox inbox;
    private final Ledgers ledgers;
    private final OutboxWriter outbox;
    private final LedgerProperties properties;
    private final AddressRules addressRules;
    private final Clock clock;

    BatchApplier(Inbox inbox, Ledgers ledgers, OutboxWriter outbox, LedgerProperties properties,
                 AddressRules addressRules, Clock clock) {
        this.inbox = inbox;
        this.ledgers = ledgers;
        this.outbox = outbox;
        this.properties = properties;
        this.addressRules = addressRules;
        this.clock = clock;
    }

    /** Outcome counts of one applied batch, for metrics. */
    record Applied(int accepted, int rejected, int replayed) {
    }

    Applied apply(List<IncomingRequest> batch, Map<UUID, NodeAnswer> nodeAnswers) {
        Events events = new Events(clock.instant());
        // Also the withdrawals the batch's cancels and approvals name by request id: same query, no extra round trip.
        Map<UUID, Inbox.Entry> answered = inbox.find(WithdrawalTargets.inboxKeys(batch));
        List<Slot> slots = new ArrayList<>();
        Map<UUID, Slot> firstInBatch = new HashMap<>();
        Map<AssetProperties, List<Slot>> ledgerWork = new LinkedHashMap<>();
        int replayed = 0;

        for (IncomingRequest incoming : batch) {
            Slot slot = new Slot(incoming, PayloadHash.of(incoming));
            Inbox.Entry earlier = answered.get(slot.key);
            Slot sameBatch = firstInBatch.get(slot.key);
            if (earlier != null || sameBatch != null) {
                byte[] earlierHash = earlier != null ? earlier.payloadHash() : sameBatch.hash;
                slots.add(slot);
                if (!Arrays.equals(earlierHash, slot.hash)) {
                    slot.rejectReused(events);
                } else if (earlier != null) {
                    // The stored first answer, named as the answer to this copy's record.
                    replayed++;
                    slot.answerAgain(ContractJson.mapper().readValue(earlier.resultJson(), RequestResult.class));
                } else {
                    replayed++;
                    slot.copyOf = sameBatch; // answered below, once the first copy's answer is decided
                }
                continue;
            }
            firstInBatch.put(slot.key, slot);
            slots.add(slot);
            slot.namedWithdrawal = WithdrawalTargets.resolve(slot.incoming, answered);
            answerWithoutLedger(slot, events, ledgerWork, nodeAnswers.get(slot.key));
        }

        for (Map.Entry<AssetProperties, List<Slot>> work : ledgerWork.entrySet()) {
            decideAgainstLedger(work.getKey(), work.getValue(), events);
        }

        List<Inbox.Entry> processed = new ArrayList<>();
        List<OutboxMessage> messages = new ArrayList<>();
        int accepted = 0;
        int rejected = 0;
        for (Slot slot : slots) {
            if (slot.copyOf != null) {
                slot.answerAgain(slot.copyOf.result);
            }
            if (slot.result != null) {
                if (slot.storeInInbox) {
                    processed.add(new Inbox.Entry(slot.key, slot.type(), slot.asset(), slot.hash, slot.resultJson));
                }
                if (slot.result.reason() == null) {
                    accepted++;
                } else {
                    rejected++;
                }
            }
            // Every event of a request carries on the request's trace.
            slot.messages.forEach(message -> messages.add(message.tracedBy(slot.incoming.traceparent())));
        }
        inbox.store(processed);
        outbox.append(messages);
        return new Applied(accepted, rejected, replayed);
    }

    /** Answers what needs no ledger state; queues the rest for its asset's ledger. */
    private void answerWithoutLedger(Slot slot, Events events, Map<AssetProperties, List<Slot>> ledgerWork,
                                     NodeAnswer nodeAnswer) {
        if (slot.incoming instanceof IncomingRequest.Invalid invalid) {
            slot.answer(events.rejected(slot.key, slot.type(), slot.asset(), slot.accountId(),
                    ReasonCode.INVALID_REQUEST, "the request does not conform to its schema", invalid.outcome().errors()),
                    true);
            return;
        }
        Request request = ((IncomingRequest.Valid) slot.incoming).request();
        AssetProperties asset = properties.asset(request.asset()).orElse(null);
        if (asset == null) {
            slot.answer(events.rejected(slot.key, slot.type(), slot.asset(), slot.accountId(),
                    ReasonCode.UNKNOWN_ASSET, "asset " + request.asset() + " is not configured on this worker", List.of()),
                    true);
        } else if (request instanceof WithdrawalRequested w && w.amount().compareTo(asset.minWithdrawal()) < 0) {
            // The message and the configuration decide it: no ledger row is needed.
            slot.answer(events.rejected(slot.key, slot.type(), slot.asset(), slot.accountId(),
                    ReasonCode.AMOUNT_BELOW_MINIMUM, "amount " + w.amount() + " is below the minimum withdrawal of "
                            + asset.minWithdrawal() + " for " + asset.code(), List.of()), true);
        } else if (NodeLookups.needsNode(asset, request) && nodeAnswer == null) {
            slot.answer(events.rejected(slot.key, slot.type(), slot.asset(), slot.accountId(),
                    ReasonCode.NODE_UNAVAILABLE, "no node is configured for " + request.asset()
                            + "; register a client-derived address or report deposits with DepositObserved", List.of()),
                    true);
        } else if (nodeAnswer instanceof NodeAnswer.Failed failed) {
            slot.answer(events.rejected(slot.key, slot.type(), slot.asset(), slot.accountId(),
                    failed.reason(), failed.detail(), List.of()), true);
            if (failed.alert() != null) {
                slot.messages.add(events.message(asset.code(), failed.alert()));
            }
        } else {
            slot.nodeAnswer = nodeAnswer;
            ledgerWork.computeIfAbsent(asset, a -> new ArrayList<>()).add(slot);
        }
    }

    private void decideAgainstLedger(AssetProperties asset, List<Slot> slots, Events events) {
        List<List<Request>> perSlot = slots.stream().map(LedgerRequests::of).toList();
        List<Request> requests = perSlot.stream().flatMap(List::stream).toList();
        AssetLedger ledger = ledgers.load(asset, requests, address -> addressRules.problem(asset.code(), address),
                events.occurredAt());
        List<Decision> decisions = new ArrayList<>(slots.size());
        List<List<PendingEvent>> effects = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            int before = ledger.changes().events().size();
            decisions.add(LedgerRequests.decide(ledger, slots.get(i), perSlot.get(i)));
            effects.add(List.copyOf(ledger.changes().events().subList(before, ledger.changes().events().size())));
        }
        ledgers.save(asset, ledger); // allocates transaction ids, so events can be built after it
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            Decision decision = decisions.get(i);
            RequestResult result = decision instanceof Decision.Accepted a
                    ? events.accepted(slot.key, slot.type(), asset.code(), a.accountId(),
                    a.transaction() == null ? null : a.transaction().id(), a.address(), a.balance(),
                    a.transactionIds())
                    : rejected(events, slot, asset, (Decision.Rejected) decision);
            slot.answer(result, true);
            for (PendingEvent effect : effects.get(i)) {
                slot.messages.add(events.message(asset.code(), effect));
            }
        }
    }

    private static RequestResult rejected(Events events, Slot slot, AssetProperties asset, Decision.Rejected r) {
        String accountId = r.accountId() != null ? r.accountId() : slot.accountId();
        return events.rejected(slot.key, slot.type(), asset.code(), accountId, r.reason(), r.detail(), List.of(),
                r.limit());
    }
}
