package io.cryptoassets.worker.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A worker context with the test JVM's simulated chain: a request producer, a consumer of the
 * published events and the chain fixture, each test starting with no fault queued.
 */
@WorkerIntegrationTest
public abstract class ChainIntegrationTest {

    @Autowired
    protected ApplicationContext context;

    @Autowired
    protected JdbcClient jdbc;

    protected RequestTraffic traffic;
    protected PublishedEvents events;
    protected ChainFixture fixture;

    @BeforeEach
    void connectToTheWorker() {
        fixture = new ChainFixture(context);
        traffic = new RequestTraffic(jdbc, fixture.chain());
        events = new PublishedEvents();
        fixture.chain().faults().clear();
    }

    @AfterEach
    void disconnectFromTheWorker() throws InterruptedException {
        fixture.chain().faults().clear();
        traffic.close();
        events.close();
    }
}
