package io.cryptoassets.worker.request;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.worker.outbox.OutboxMessage;
import io.cryptoassets.worker.outbox.OutboxWriter;
import io.cryptoassets.worker.tx.FaultClassifier;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Answers a request the worker failed on for a reason of its own (see {@link FaultClassifier}):
 * REJECTED with {@link ReasonCode#INTERNAL_ERROR}, stored in the inbox like any answer so a
 * redelivery replays it, and a {@link AlertKind#REQUEST_FAILED} alert, all in one transaction of
 * their own. Nothing else of the request is applied. This is what lets its partition move on.
 * A copy of a request answered before is answered like any such copy (the stored answer, or
 * REQUEST_ID_REUSED), under its own record's name, and the alert is raised all the same.
 */
@Component
class FailedRequests {

    private static final Logger log = LoggerFactory.getLogger(FailedRequests.class);
    private static final int CAUSE_LENGTH = 1_000;
    private static final String ASSET_PATTERN = "^[A-Z][A-Z0-9]{1,15}$";
    /** Alerts are keyed by asset; a request without a usable one still gets its alert. */
    private static final String NO_ASSET = "UNKNOWN";

    private final SerializableTransactions transactions;
    private final Inbox inbox;
    private final OutboxWriter outbox;
    private final Clock clock;

    FailedRequests(SerializableTransactions transactions, Inbox inbox, OutboxWriter outbox, Clock clock) {
        this.transactions = transactions;
        this.inbox = inbox;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * @throws RuntimeException when the answer itself cannot be stored; the caller then treats the
     *                          batch as not applied, and it is tried again
     */
    void answer(IncomingRequest incoming, RuntimeException failure) {
        String cause = cause(failure);
        boolean answeredBefore = transactions.inTransaction("failed request", status -> store(incoming, cause));
        if (answeredBefore) {
            log.error("request {} failed again after it was answered; its first answer stands: {}",
                    incoming.idempotencyKey(), cause, failure);
        } else {
            log.error("request {} failed and was answered INTERNAL_ERROR: {}", incoming.idempotencyKey(), cause, failure);
        }
    }

    /**
     * Returns whether the request had been answered before, in which case that answer stands and
     * this copy is answered as any copy of it would be: with that answer, or REQUEST_ID_REUSED.
     */
    private boolean store(IncomingRequest incoming, String cause) {
        Slot slot = new Slot(incoming, PayloadHash.of(incoming));
        Events events = new Events(clock.instant());
        Inbox.Entry earlier = inbox.find(List.of(slot.key)).get(slot.key);
        if (earlier == null) {
            slot.answer(events.rejected(slot.key, slot.type(), slot.asset(), slot.accountId(), ReasonCode.INTERNAL_ERROR,
                    "the worker failed on this request and applied nothing; operators were alerted", List.of()), true);
            inbox.store(List.of(new Inbox.Entry(slot.key, slot.type(), slot.asset(), slot.hash, slot.resultJson)));
        } else if (!Arrays.equals(earlier.payloadHash(), slot.hash)) {
            slot.rejectReused(events);
        } else {
            answerAgain(slot, earlier);
        }
        List<OutboxMessage> messages = new ArrayList<>(slot.messages);
        messages.add(alert(slot, cause, events, earlier == null));
        outbox.append(messages.stream().map(message -> message.tracedBy(incoming.traceparent())).toList());
        return earlier != null;
    }

    /**
     * Republishes the stored answer for this copy. If that very answer cannot be read, which may be
     * what failed, the copy gets no result: the alert stands for it, and the partition moves on.
     */
    private static void answerAgain(Slot slot, Inbox.Entry earlier) {
        RequestResult original;
        try {
            original = ContractJson.mapper().readValue(earlier.resultJson(), RequestResult.class);
        } catch (JacksonException e) {
            log.error("the stored answer of request {} cannot be read; this copy gets none", slot.key, e);
            return;
        }
        slot.answerAgain(original);
    }

    private OutboxMessage alert(Slot slot, String cause, Events events, boolean answeredNow) {
        String asset = slot.asset() != null && slot.asset().matches(ASSET_PATTERN) ? slot.asset() : NO_ASSET;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("requestId", slot.key.toString());
        details.put("messageType", String.valueOf(slot.type()));
        details.put("cause", cause);
        Alert alert = new Alert(UUID.randomUUID(), asset, AlertKind.REQUEST_FAILED, AlertKind.REQUEST_FAILED.defaultSeverity(),
                "request " + slot.key + (answeredNow ? " failed and was answered INTERNAL_ERROR"
                        : " failed again after it was answered; its first answer stands"), details, events.occurredAt());
        return OutboxMessage.of(Topics.ALERTS, alert, asset);
    }

    /** Exception class, SQLSTATE when there is one, and the message, short enough for an alert. */
    static String cause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = FaultClassifier.sqlState(failure);
        String text = root.getClass().getName() + (state != null ? " [SQLSTATE " + state + "]" : "") + ": "
                + root.getMessage();
        return text.length() <= CAUSE_LENGTH ? text : text.substring(0, CAUSE_LENGTH);
    }
}
