package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.ledger.AssetLedger;
import io.cryptoassets.worker.ledger.Decision;
import java.util.List;

/**
 * What a slot asks of the ledger once the node has answered: a {@code CreateAddress} carries the
 * node's address, a {@code DepositNotified} becomes one observation per wallet output. Every
 * other request goes to the ledger as it came.
 */
final class LedgerRequests {

    private LedgerRequests() {
    }

    static List<Request> of(Slot slot) {
        Request request = slot.request();
        if (slot.nodeAnswer instanceof NodeAnswer.Address a && request instanceof CreateAddress c) {
            return List.of(new CreateAddress(c.requestId(), c.asset(), c.accountId(), a.address()));
        }
        if (slot.nodeAnswer instanceof NodeAnswer.Outputs o && request instanceof DepositNotified n) {
            return o.outputs().stream().<Request>map(output -> observation(n, output)).toList();
        }
        return List.of(request);
    }

    /**
     * Decides the slot's ledger requests in order. A notice is accepted when at least one of its
     * outputs pays one of our addresses, and names the first such output's transaction.
     */
    static Decision decide(AssetLedger ledger, Slot slot, List<Request> requests) {
        if (!(slot.request() instanceof DepositNotified notice)) {
            return ledger.decide(requests.get(0));
        }
        Decision first = null;
        for (Request observation : requests) {
            Decision decision = ledger.decide(observation);
            if (first == null && decision instanceof Decision.Accepted) {
                first = decision;
            }
        }
        return first != null ? first : new Decision.Rejected(null, ReasonCode.UNKNOWN_ADDRESS,
                "no output of " + notice.txid() + " pays an address of an account of " + notice.asset());
    }

    private static DepositObserved observation(DepositNotified notice, ReceivedOutput output) {
        return new DepositObserved(notice.idempotencyKey(), notice.asset(), output.txid(), output.vout(),
                output.address(), output.amount(), output.confirmations(), null);
    }
}
