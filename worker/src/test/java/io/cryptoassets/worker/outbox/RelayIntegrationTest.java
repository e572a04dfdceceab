package io.cryptoassets.worker.outbox;

import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A worker context and a {@link RelayFixture} for relays of the test's own, cleaned up after each test. */
@WorkerIntegrationTest
abstract class RelayIntegrationTest {

    @Autowired
    OutboxRelay workerRelay;

    @Autowired
    OutboxWriter writer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LedgerProperties ledger;

    @Autowired
    OutboxProperties outbox;

    RelayFixture fixture;

    @BeforeEach
    void stage() {
        fixture = new RelayFixture(workerRelay, writer, jdbc, ledger.sharedSchemaName().value(), outbox.shards());
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }
}
