package io.cryptoassets.contracts.alert;

import io.cryptoassets.contracts.Event;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Something an operator must know about, on {@link io.cryptoassets.contracts.Topics#ALERTS},
 * keyed by {@code asset}. Schema: {@code schemas/alert.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param eventId       unique per alert; de-duplicate on it
 * @param asset         asset code; also the record key
 * @param kind          what happened
 * @param severity      how urgent it is
 * @param message       one line for humans
 * @param details       machine-readable facts, string to string; keys per {@link AlertKind}
 * @param occurredAt    when the worker noticed, in UTC
 */
public record Alert(
        int schemaVersion,
        UUID eventId,
        String asset,
        AlertKind kind,
        Severity severity,
        String message,
        Map<String, String> details,
        Instant occurredAt) implements Event {

    /** Absent details read as none; the map keeps its order and cannot be changed. */
    public Alert {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** An alert of the current schema version. */
    public Alert(UUID eventId, String asset, AlertKind kind, Severity severity, String message,
                 Map<String, String> details, Instant occurredAt) {
        this(SCHEMA_VERSION, eventId, asset, kind, severity, message, details, occurredAt);
    }

    @Override
    public String recordKey() {
        return asset;
    }
}
