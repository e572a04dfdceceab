package io.cryptoassets.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.asset.WithdrawalPolicyProperties;
import io.cryptoassets.worker.ledger.AssetLedger;
import io.cryptoassets.worker.ledger.Decision;
import io.cryptoassets.worker.ledger.LedgerEvents;
import io.cryptoassets.worker.ledger.Ledgers;
import io.cryptoassets.worker.outbox.OutboxWriter;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two batches of different accounts, interleaved on purpose: the first reads the asset's window,
 * the second reads it, withdraws the last unit and commits, then the first withdraws. Nothing but
 * the window read ties the two (no shared account row), so only its being a range read in the
 * first batch's serializable transaction makes PostgreSQL refuse the first commit; retried, the
 * first batch sees the second's withdrawal and is refused ASSET_WINDOW_AMOUNT. Read anywhere else,
 * both would commit and the asset would send more than its limit.
 */
@WorkerIntegrationTest
class WindowReadConflictIT {

    private static final BigInteger UNIT = BigInteger.valueOf(1_000);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Ledgers ledgers;

    @Autowired
    SerializableTransactions transactions;

    @Autowired
    OutboxWriter outbox;

    @Autowired
    LedgerProperties ledgerProperties;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private RequestTraffic traffic;

    @BeforeEach
    void connect() {
        traffic = RequestTraffic.reported(jdbc, RequestTraffic.POLICY_ASSET);
    }

    @AfterEach
    void disconnect() {
        executor.shutdownNow();
        traffic.close();
    }

    @Test
    void aWithdrawalCommittedAfterTheWindowWasReadMakesTheReaderRetryAndThenRefuse() throws Exception {
        String first = RequestTraffic.account("first");
        String second = RequestTraffic.account("second");
        traffic.fundedAccount(first, 10_000);
        traffic.fundedAccount(second, 10_000);
        BigInteger limit = sentInWindow().add(UNIT); // room for exactly one more unit
        AssetProperties asset = withAssetWindow(limit);
        CountDownLatch firstHasRead = new CountDownLatch(1);
        CountDownLatch secondCommitted = new CountDownLatch(1);
        AtomicInteger firstAttempts = new AtomicInteger();

        Future<Decision> firstDecision = executor.submit(() -> transactions.inTransaction("first", status -> {
            AssetLedger ledger = ledgers.load(asset, List.of(withdrawal(first)), address -> Optional.empty());
            if (firstAttempts.incrementAndGet() == 1) {
                firstHasRead.countDown();
                await(secondCommitted);
            }
            return decideAndSave(asset, ledger, withdrawal(first));
        }));
        await(firstHasRead);
        Decision secondDecision = transactions.inTransaction("second", status -> decideAndSave(asset,
                ledgers.load(asset, List.of(withdrawal(second)), address -> Optional.empty()), withdrawal(second)));
        secondCommitted.countDown();

        assertThat(secondDecision).isInstanceOf(Decision.Accepted.class);
        Decision decided = firstDecision.get(30, TimeUnit.SECONDS);
        assertThat(decided).isInstanceOf(Decision.Rejected.class);
        assertThat(((Decision.Rejected) decided).limit()).isEqualTo(PolicyLimit.ASSET_WINDOW_AMOUNT);
        assertThat(firstAttempts).hasValue(2);
        assertThat(sentInWindow()).isEqualTo(limit);
        assertThat(traffic.balance(first)).isEqualTo(BigInteger.valueOf(10_000));
    }

    private Decision decideAndSave(AssetProperties asset, AssetLedger ledger, WithdrawalRequested request) {
        Decision decision = ledger.decide(request);
        ledgers.save(asset, ledger);
        // The inbox row a batch writes with its decision, so the ledger this test leaves passes the
        // audit that later tests run ("every withdrawal comes from an accepted request").
        jdbc.sql("""
                        INSERT INTO cryptoassets.processed_request (request_id, request_type, asset, payload_hash, result)
                        VALUES (:id, 'WithdrawalRequested', :asset, '\\x00', CAST(:result AS jsonb))
                        """)
                .param("id", request.requestId()).param("asset", asset.code())
                .param("result", decision instanceof Decision.Accepted ? "{\"status\": \"ACCEPTED\"}" : "{\"status\": \"REJECTED\"}")
                .update();
        outbox.append(ledger.changes().events().stream()
                .map(event -> LedgerEvents.message(asset.code(), event, Instant.now())).toList());
        return decision;
    }

    /** What all accounts of the policy asset sent within the window, as the database says. */
    private BigInteger sentInWindow() {
        return jdbc.sql("""
                        SELECT coalesce(sum(amount), 0) FROM xpl.transaction
                        WHERE type = 'broadcast' AND created_at > now() - interval '24 hours'
                          AND state NOT IN ('failed', 'cancelled')
                        """)
                .query(java.math.BigDecimal.class).single().toBigIntegerExact();
    }

    /** The policy asset as configured, with an asset-wide window limit of {@code limit}. */
    private AssetProperties withAssetWindow(BigInteger limit) {
        AssetProperties configured = ledgerProperties.asset(RequestTraffic.POLICY_ASSET).orElseThrow();
        WithdrawalPolicyProperties policy = new WithdrawalPolicyProperties(null, null, null, null, limit, null, null, 2, null);
        return new AssetProperties(configured.code(), configured.schema(), configured.decimals(),
                configured.confirmationsToCredit(), configured.trackingLimit(), configured.addressNetworks(),
                configured.node(), configured.deposits(), configured.minWithdrawal(), configured.broadcastMode(), policy,
                configured.hotWallet());
    }

    private static WithdrawalRequested withdrawal(String account) {
        return new WithdrawalRequested(UUID.randomUUID(), RequestTraffic.POLICY_ASSET, account,
                RequestTraffic.newAddress(), UNIT, null, false);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other batch never got there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
