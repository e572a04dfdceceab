package io.cryptoassets.worker.schema;

import io.cryptoassets.worker.asset.SqlIdentifier;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who owns the ledger's tables and who only works in them. The owner runs the Flyway
 * migrations; the runtime role (the datasource user, or a group role it belongs to) is
 * granted only the statements the worker runs: on ledger entries, INSERT and SELECT.
 * Without owner credentials the datasource user migrates, as a single role that owns
 * everything (no grants are issued then unless a runtime role is named).
 *
 * @param ownerUsername user that runs migrations; blank: the datasource user
 * @param ownerPassword that user's password
 * @param runtimeRole   role granted the worker's privileges; blank: the datasource user when an
 *                      owner is configured, nobody otherwise. Lower case, {@code [a-z_][a-z0-9_]*}
 * @param migrateOnStart whether the worker migrates at start (default true). False: it only checks
 *                      that every schema is at this build's version and refuses to start if not;
 *                      for workers that hold no owner credentials, with migrations run beforehand
 *                      by {@code java -jar worker.jar migrate} as the owner
 */
@ConfigurationProperties("cryptoassets.database")
public record DatabaseRoleProperties(String ownerUsername, String ownerPassword, String runtimeRole,
                                     @DefaultValue("true") boolean migrateOnStart) {

    @ConstructorBinding
    public DatabaseRoleProperties {
        if (hasText(runtimeRole)) {
            new SqlIdentifier(runtimeRole);
        }
    }

    /** Roles of a worker that migrates at start. */
    public DatabaseRoleProperties(String ownerUsername, String ownerPassword, String runtimeRole) {
        this(ownerUsername, ownerPassword, runtimeRole, true);
    }

    public Optional<String> owner() {
        return hasText(ownerUsername) ? Optional.of(ownerUsername) : Optional.empty();
    }

    /**
     * The role to grant the worker's privileges to, given the datasource user; empty when the
     * migrating user works in the tables itself (granting it would only restrict the owner).
     */
    public Optional<SqlIdentifier> grantee(String datasourceUsername) {
        String migrating = owner().orElse(datasourceUsername);
        String grantee = hasText(runtimeRole) ? runtimeRole : owner().isPresent() ? datasourceUsername : null;
        if (grantee == null || grantee.equals(migrating)) {
            return Optional.empty();
        }
        return Optional.of(new SqlIdentifier(grantee));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
