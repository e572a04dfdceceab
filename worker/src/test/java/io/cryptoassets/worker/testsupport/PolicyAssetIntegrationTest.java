package io.cryptoassets.worker.testsupport;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A worker context with traffic of {@link RequestTraffic#POLICY_ASSET}, the test asset with
 * withdrawal policies and no node: its withdrawals wait, pending or held, as long as a test needs.
 */
public abstract class PolicyAssetIntegrationTest extends ChainIntegrationTest {

    protected static final String XPL = RequestTraffic.POLICY_ASSET;

    protected RequestTraffic policyAsset;

    @BeforeEach
    void connectThePolicyAsset() {
        policyAsset = RequestTraffic.reported(jdbc, XPL);
    }

    @AfterEach
    void disconnectThePolicyAsset() {
        policyAsset.close();
    }

    /** Withdraws {@code amount} of the policy asset from {@code account} to {@code to} and waits for the answer. */
    protected UUID withdraw(String account, String to, long amount) {
        UUID id = UUID.randomUUID();
        policyAsset.send(Topics.WITHDRAWAL_REQUESTS, null,
                new WithdrawalRequested(id, XPL, account, to, BigInteger.valueOf(amount), null, false));
        policyAsset.awaitAnswered(List.of(id));
        return id;
    }
}
