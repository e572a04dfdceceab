package io.cryptoassets.worker.request;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.NodePort;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The node address of each {@code CreateAddress} request, asked for once per request id: the
 * address is committed on its own before the request's transaction runs, so a retried
 * transaction or a redelivered record finds it instead of asking the node again. Only a crash
 * between the node's answer and this commit can leave one unused address on the node.
 */
@Component
class NodeAddresses {

    private static final String FIND = """
            SELECT address FROM %s.node_address WHERE request_id = :requestId
            """;

    private static final String REMEMBER = """
            INSERT INTO %s.node_address (request_id, address)
            VALUES (:requestId, :address)
            ON CONFLICT (request_id) DO NOTHING
            """;

    private final JdbcClient jdbc;

    NodeAddresses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    String addressFor(AssetProperties asset, UUID requestId, NodePort node, String label) {
        Optional<String> known = find(asset, requestId);
        if (known.isPresent()) {
            return known.get();
        }
        String address = node.newAddress(label);
        jdbc.sql(REMEMBER.formatted(asset.schemaName().value()))
                .param("requestId", requestId).param("address", address).update();
        // Another worker may have stored its address for the same request first: theirs wins.
        return find(asset, requestId).orElseThrow();
    }

    private Optional<String> find(AssetProperties asset, UUID requestId) {
        return jdbc.sql(FIND.formatted(asset.schemaName().value())).param("requestId", requestId)
                .query(String.class).optional();
    }
}
