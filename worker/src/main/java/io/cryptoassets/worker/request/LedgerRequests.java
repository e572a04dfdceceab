package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.ledger.AssetLedger;
import io.cryptoassets.worker.ledger.Decision;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a slot asks of the ledger once the node has answered: a {@code CreateAddress} carries the
 * node's address; a {@code DepositNotified}, and a {@code DepositObserved} of an asset whose
 * deposits come from its node, become one observation per wallet output the node reports, with
 * the node's address, amount and confirmations whatever the message said. A
 * {@code CancelWithdrawal}, {@code ApproveWithdrawal} or {@code RejectWithdrawal} naming its
 * withdrawal by request id also carries the transaction the inbox found for it (see
 * {@link WithdrawalTargets}). Every other request goes to the ledger as it came.
 */
final class LedgerRequests {

    private LedgerRequests() {
    }

    static List<Request> of(Slot slot) {
        Request request = slot.request();
        if (slot.nodeAnswer instanceof NodeAnswer.Address a && request instanceof CreateAddress c) {
            return List.of(new CreateAddress(c.requestId(), c.asset(), c.accountId(), a.address()));
        }
        if (slot.nodeAnswer instanceof NodeAnswer.Outputs o) {
            return o.outputs().stream().<Request>map(output -> observation(request, output)).toList();
        }
        if (slot.namedWithdrawal != null) {
            return List.of(WithdrawalTargets.withTransaction(request, slot.namedWithdrawal));
        }
        return List.of(request);
    }

    /**
     * Decides the slot's ledger requests in order. A deposit checked on the node is accepted when
     * at least one of the transaction's outputs is accepted, and names the first such output's
     * transaction; otherwise it is rejected for the first output the ledger refused for a reason
     * other than not being ours (a credit that would overflow), or else UNKNOWN_ADDRESS. A claim
     * the node contradicts also raises an alert.
     */
    static Decision decide(AssetLedger ledger, Slot slot, List<Request> requests) {
        if (!(slot.nodeAnswer instanceof NodeAnswer.Outputs outputs)) {
            return ledger.decide(requests.get(0));
        }
        if (slot.request() instanceof DepositObserved claim) {
            contradiction(ledger.asset(), claim, outputs.outputs()).ifPresent(ledger.changes()::alert);
        }
        Decision first = null;
        Decision.Rejected refused = null;
        Set<String> balanceChanged = new HashSet<>();
        for (Request observation : requests) {
            Decision decision = ledger.decide(observation);
            if (decision instanceof Decision.Accepted a && a.balance() != null) {
                balanceChanged.add(a.accountId());
            }
            if (first == null && decision instanceof Decision.Accepted) {
                first = decision;
            } else if (refused == null && decision instanceof Decision.Rejected r
                    && r.reason() != ReasonCode.UNKNOWN_ADDRESS) {
                refused = r;
            }
        }
        if (first instanceof Decision.Accepted a) {
            return withBalanceAfterAll(ledger, a, balanceChanged);
        }
        return refused != null ? refused : new Decision.Rejected(null, ReasonCode.UNKNOWN_ADDRESS,
                "no output of " + txid(slot.request()) + " pays an address of an account of " + slot.asset());
    }

    /**
     * The result names the balance after the whole request, not after its first output: a later
     * output credited to the same account, or a later update of it, moved it on.
     */
    private static Decision withBalanceAfterAll(AssetLedger ledger, Decision.Accepted first,
                                                Set<String> balanceChanged) {
        if (!balanceChanged.contains(first.accountId())) {
            return first;
        }
        return new Decision.Accepted(first.accountId(), first.transaction(), first.address(),
                ledger.standing(first.accountId()).orElseThrow());
    }

    /**
     * The alert for a claim whose output the node shows otherwise: at another vout, to another
     * address, with another amount, or not at all. Confirmations are not compared: they change.
     */
    static Optional<PendingAlert> contradiction(String asset, DepositObserved claim, List<ReceivedOutput> outputs) {
        ReceivedOutput atVout = outputs.stream().filter(o -> o.vout() == claim.vout()).findFirst().orElse(null);
        if (atVout != null && atVout.address().equals(claim.address()) && atVout.amount().equals(claim.amount())) {
            return Optional.empty();
        }
        // The node's output to the claimed address, if it pays it at another vout, is the better match.
        ReceivedOutput node = outputs.stream().filter(o -> o.address().equals(claim.address())).findFirst()
                .orElse(atVout);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("txid", claim.txid());
        details.put("claimedVout", Integer.toString(claim.vout()));
        details.put("claimedAddress", claim.address());
        details.put("claimedAmount", claim.amount().toString());
        details.put("nodeVout", node == null ? "none" : Integer.toString(node.vout()));
        details.put("nodeAddress", node == null ? "none" : node.address());
        details.put("nodeAmount", node == null ? "none" : node.amount().toString());
        return Optional.of(new PendingAlert(AlertKind.DEPOSIT_AMOUNT_MISMATCH, "a DepositObserved of " + claim.txid()
                + " claims " + claim.amount() + " to " + claim.address() + " at vout " + claim.vout() + "; the "
                + asset + " node shows " + (node == null ? "no such output of its wallet"
                : node.amount() + " to " + node.address() + " at vout " + node.vout()) + ", which is what counts",
                details));
    }

    private static String txid(Request request) {
        return request instanceof DepositObserved o ? o.txid() : ((DepositNotified) request).txid();
    }

    private static DepositObserved observation(Request deposit, ReceivedOutput output) {
        return new DepositObserved(deposit.idempotencyKey(), deposit.asset(), output.txid(), output.vout(),
                output.address(), output.amount(), output.confirmations(), null);
    }
}
