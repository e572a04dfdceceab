package io.cryptoassets.worker.health;

import io.cryptoassets.worker.outbox.RelayStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code outboxRelay} (readiness): this worker's relay has a database session, has joined the
 * relays and holds its share of the shards. Up, and says so, when the built-in relay is disabled
 * (Debezium publishes the outbox then).
 */
@Component("outboxRelayHealthIndicator")
class OutboxRelayHealth implements HealthIndicator {

    private final ObjectProvider<RelayStatus> relay;

    OutboxRelayHealth(ObjectProvider<RelayStatus> relay) {
        this.relay = relay;
    }

    @Override
    public Health health() {
        RelayStatus status = relay.getIfAvailable();
        if (status == null) {
            return Health.up().withDetail("relay", "disabled (cryptoassets.relay.enabled=false)").build();
        }
        Health.Builder builder = status.joined() ? Health.up() : Health.down()
                .withDetail("reason", "no database session that joined the relays; reconnecting");
        return builder.withDetail("relays", status.relays()).withDetail("heldShards", status.heldShards()).build();
    }
}
