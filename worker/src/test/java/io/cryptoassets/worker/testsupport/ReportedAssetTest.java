package io.cryptoassets.worker.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A worker context whose tests work on the asset without a node (XBT), where nothing sends a
 * withdrawal: a request producer for it, and the database as its administrator, for what time, a
 * broadcaster or a person does to the ledger.
 */
public abstract class ReportedAssetTest extends ChainIntegrationTest {

    protected static final String XBT = RequestTraffic.REPORTED_ASSET;

    protected final JdbcClient admin = JdbcClient.create(TestDatabase.get().dataSource());
    protected RequestTraffic reported;

    @BeforeEach
    void connectTheReportedAsset() {
        reported = RequestTraffic.reported(jdbc);
    }

    @AfterEach
    void disconnectTheReportedAsset() {
        reported.close();
    }
}
