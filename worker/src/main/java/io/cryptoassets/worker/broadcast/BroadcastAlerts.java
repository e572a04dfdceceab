package io.cryptoassets.worker.broadcast;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.ledger.LedgerEvents;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import io.cryptoassets.worker.outbox.OutboxWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Publishes the broadcaster's alerts through the outbox, in the caller's transaction: an alert
 * leaves only with the state change that decided it (the column that says "alerted"), so any
 * number of workers raise each one once.
 */
@Component
class BroadcastAlerts {

    private final OutboxWriter outbox;
    private final Clock clock;

    BroadcastAlerts(OutboxWriter outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * @param details key and value pairs, in the order given; a null value is written empty
     */
    void raise(AssetProperties asset, AlertKind kind, String message, String... details) {
        if (details.length % 2 != 0) {
            throw new IllegalArgumentException("alert details come in key and value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < details.length; i += 2) {
            map.put(details[i], details[i + 1] == null ? "" : details[i + 1]);
        }
        PendingAlert alert = new PendingAlert(kind, message, map);
        outbox.append(List.of(LedgerEvents.message(asset.code(), alert, clock.instant())));
    }
}
