package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.Message;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import io.cryptoassets.worker.outbox.OutboxMessage;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns decided events into their contract records and outbox rows. A txupdate is keyed by its
 * account, so one account's updates share a partition and keep their order; an alert by its asset.
 */
public final class LedgerEvents {

    private LedgerEvents() {
    }

    public static TxUpdate txUpdate(String asset, PendingTxUpdate u, Instant occurredAt) {
        return new TxUpdate(Message.SCHEMA_VERSION, UUID.randomUUID(), asset, u.transaction().id(), u.type(), u.direction(), u.state(),
                u.accountId(), u.address(), u.txid(), u.amount(), u.fee(), u.confirmations(), u.credited(),
                u.sequence(), occurredAt, u.detail(), u.balance(), u.available(), u.holdId(), u.reference(), u.metadata());
    }

    public static Alert alert(String asset, PendingAlert a, Instant occurredAt) {
        return new Alert(UUID.randomUUID(), asset, a.kind(), a.kind().defaultSeverity(), a.message(), a.details(),
                occurredAt);
    }

    public static OutboxMessage message(String asset, PendingEvent event, Instant occurredAt) {
        if (event instanceof PendingTxUpdate u) {
            return OutboxMessage.of(Topics.TXUPDATES, txUpdate(asset, u, occurredAt), u.accountId());
        }
        return OutboxMessage.of(Topics.ALERTS, alert(asset, (PendingAlert) event, occurredAt), asset);
    }
}
