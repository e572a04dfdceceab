package io.cryptoassets.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.asset.SqlIdentifier;
import org.junit.jupiter.api.Test;

class DatabaseRolePropertiesTest {

    @Test
    void aSingleRoleGrantsNothing() {
        assertThat(new DatabaseRoleProperties(null, null, null).grantee("postgres")).isEmpty();
        assertThat(new DatabaseRoleProperties("", "", " ").owner()).isEmpty();
    }

    @Test
    void anOwnerGrantsTheDatasourceUserByDefault() {
        assertThat(new DatabaseRoleProperties("ledger_owner", "secret", null).grantee("ledger_worker"))
                .contains(new SqlIdentifier("ledger_worker"));
    }

    @Test
    void aNamedRuntimeRoleIsGrantedInsteadOfTheUser() {
        assertThat(new DatabaseRoleProperties("ledger_owner", "secret", "ledger_runtime").grantee("worker_eu_1"))
                .contains(new SqlIdentifier("ledger_runtime"));
        assertThat(new DatabaseRoleProperties(null, null, "ledger_runtime").grantee("postgres"))
                .contains(new SqlIdentifier("ledger_runtime"));
    }

    @Test
    void theMigratingRoleIsNeverGrantedItself() {
        // REVOKE ALL would take the owner's own privileges away.
        assertThat(new DatabaseRoleProperties("ledger_owner", null, null).grantee("ledger_owner")).isEmpty();
        assertThat(new DatabaseRoleProperties(null, null, "postgres").grantee("postgres")).isEmpty();
    }

    @Test
    void aRoleNameMustBeASafeIdentifier() {
        assertThatThrownBy(() -> new DatabaseRoleProperties(null, null, "worker; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
