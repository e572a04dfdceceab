package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.ApprovalRequest;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.GetBalance;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.worker.outbox.OutboxMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One request's place in a batch: its key, payload hash, result and outgoing messages, in order. */
final class Slot {

    final IncomingRequest incoming;
    final UUID key;
    final byte[] hash;
    final List<OutboxMessage> messages = new ArrayList<>();
    RequestResult result;
    /** The result as published, which is also what the inbox stores: written once, not twice. */
    String resultJson;
    boolean storeInInbox;
    /** What the node said, for requests that needed it; null otherwise. */
    NodeAnswer nodeAnswer;
    /**
     * For a cancel, approval or rejection naming its withdrawal by request id: the transaction the
     * inbox's result of that request names, if it was an accepted withdrawal; null otherwise.
     */
    Long namedWithdrawal;
    /** For an identical copy of a request earlier in the same batch: that request's slot, whose answer it repeats. */
    Slot copyOf;

    Slot(IncomingRequest incoming, byte[] hash) {
        this.incoming = incoming;
        this.key = incoming.idempotencyKey();
        this.hash = hash;
    }

    /** Answers this request with {@code result}, named as the answer to this slot's own record. */
    void answer(RequestResult result, boolean storeInInbox) {
        this.result = ResultSources.answering(result, incoming.source());
        this.storeInInbox = storeInInbox;
        OutboxMessage message = OutboxMessage.of(Topics.REQUEST_RESULTS, this.result, fallbackKey());
        resultJson = message.payload();
        messages.add(message);
    }

    /**
     * Answers this copy of a request answered before with that answer's content, named as the
     * answer to this copy's record: it has no effect of its own, and nothing is stored for it.
     */
    void answerAgain(RequestResult earlier) {
        messages.add(OutboxMessage.of(Topics.REQUEST_RESULTS, ResultSources.answering(earlier, incoming.source()),
                fallbackKey()));
    }

    /** Rejects a request whose requestId was used before by a different one; the first one stands. */
    void rejectReused(Events events) {
        answer(events.rejected(key, type(), asset(), accountId(), ReasonCode.REQUEST_ID_REUSED,
                "requestId was already used for a different request", List.of()), false);
    }

    /**
     * The key of a result that names no account: the request's own record key, or its requestId
     * when it came without one. A replay must use the same, so its answer lands where the first did.
     */
    String fallbackKey() {
        return incoming.recordKey() != null ? incoming.recordKey() : key.toString();
    }

    Request request() {
        return ((IncomingRequest.Valid) incoming).request();
    }

    String type() {
        return incoming instanceof IncomingRequest.Invalid invalid ? invalid.outcome().type() : request().messageType();
    }

    String asset() {
        return incoming instanceof IncomingRequest.Invalid invalid ? invalid.outcome().asset() : request().asset();
    }

    /** The account a result is about when the ledger has not said otherwise. */
    String accountId() {
        if (incoming instanceof IncomingRequest.Invalid invalid) {
            return invalid.outcome().accountId();
        }
        Request request = request();
        if (request instanceof WithdrawalRequested r) {
            return r.accountId();
        } else if (request instanceof Transfer r) {
            return r.fromAccountId();
        } else if (request instanceof OpenAccount r) {
            return r.accountId();
        } else if (request instanceof GetBalance r) {
            return r.accountId();
        } else if (request instanceof PlaceHold r) {
            return r.accountId();
        } else if (request instanceof CaptureHold r) {
            return r.accountId();
        } else if (request instanceof ReleaseHold r) {
            return r.accountId();
        } else if (request instanceof CreateAddress r) {
            return r.accountId();
        } else if (request instanceof CancelWithdrawal r) {
            return r.accountId();
        } else if (request instanceof ApprovalRequest r) {
            return r.accountId();
        }
        return null; // deposits name an address, not an account
    }
}
