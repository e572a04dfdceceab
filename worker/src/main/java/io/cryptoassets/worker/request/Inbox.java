package io.cryptoassets.worker.request;

import io.cryptoassets.worker.asset.LedgerProperties;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The processed-request inbox: one row per request id ever answered, with a hash of its payload
 * and the result it got. This is what makes a redelivered request have no second effect.
 */
@Component
class Inbox {

    private static final String FIND = """
            SELECT request_id, payload_hash, result
            FROM %s.processed_request
            WHERE request_id = ANY(CAST(:ids AS uuid[]))
            """;

    private static final String INSERT = """
            INSERT INTO %s.processed_request (request_id, request_type, asset, payload_hash, result)
            SELECT id, type, asset, decode(hash, 'hex'), CAST(result AS jsonb)
            FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(:assets AS text[]),
                        CAST(:hashes AS text[]), CAST(:results AS text[])) AS v(id, type, asset, hash, result)
            """;

    record Entry(UUID requestId, String type, String asset, byte[] payloadHash, String resultJson) {
    }

    private final JdbcClient jdbc;
    private final String find;
    private final String insert;

    Inbox(JdbcClient jdbc, LedgerProperties ledger) {
        this.jdbc = jdbc;
        this.find = FIND.formatted(ledger.sharedSchemaName().value());
        this.insert = INSERT.formatted(ledger.sharedSchemaName().value());
    }

    Map<UUID, Entry> find(List<UUID> ids) {
        Map<UUID, Entry> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql(find)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .query(rs -> {
                    UUID id = rs.getObject("request_id", UUID.class);
                    found.put(id, new Entry(id, null, null, rs.getBytes("payload_hash"), rs.getString("result")));
                });
        return found;
    }

    void store(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        HexFormat hex = HexFormat.of();
        jdbc.sql(insert)
                .param("ids", entries.stream().map(e -> e.requestId().toString()).toArray(String[]::new))
                .param("types", entries.stream().map(Entry::type).toArray(String[]::new))
                .param("assets", entries.stream().map(Entry::asset).toArray(String[]::new))
                .param("hashes", entries.stream().map(e -> hex.formatHex(e.payloadHash())).toArray(String[]::new))
                .param("results", entries.stream().map(Entry::resultJson).toArray(String[]::new))
                .update();
    }
}
