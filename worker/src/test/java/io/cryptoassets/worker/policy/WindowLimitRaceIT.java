package io.cryptoassets.worker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Window limits hold against withdrawals racing from two workers on every partition: each batch
 * reads the window in the serializable transaction that debits, so together they can never send
 * more than the limit. The ledger's rows are the judge, not what the worker answered.
 */
@WorkerIntegrationTest
class WindowLimitRaceIT {

    private static final int PARTITIONS = 6;
    private static final long UNIT = 1_000;

    private static ConfigurableApplicationContext secondWorker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PolicyAdministration administration;

    @Autowired
    io.cryptoassets.worker.asset.LedgerProperties ledger;

    private RequestTraffic policyAsset;
    private RequestTraffic windowAsset;

    @BeforeAll
    static void startSecondWorker() {
        secondWorker = new SpringApplicationBuilder(WorkerApplication.class)
                .initializers(new TestInfrastructure())
                .run();
    }

    @AfterAll
    static void stopSecondWorker() {
        secondWorker.close();
    }

    @BeforeEach
    void connect() {
        policyAsset = RequestTraffic.reported(jdbc, RequestTraffic.POLICY_ASSET);
        windowAsset = RequestTraffic.reported(jdbc, RequestTraffic.ASSET_WINDOW_ASSET);
    }

    @AfterEach
    void disconnect() {
        policyAsset.close();
        windowAsset.close();
    }

    @Test
    void thousandWithdrawalsOfOneUnitRaceForAnAccountWindowOfFiveHundred() {
        String account = RequestTraffic.account("window");
        policyAsset.fundedAccount(account, 2_000 * UNIT);
        setOwn(account, AccountPolicy.NONE.withWindowAmount(BigInteger.valueOf(500 * UNIT)));

        List<UUID> withdrawals = race(policyAsset, List.of(account), 1_000);

        assertThat(outcomes(withdrawals)).containsOnly(Map.entry("ACCEPTED", 500L),
                Map.entry("REJECTED:LIMIT_EXCEEDED:ACCOUNT_WINDOW_AMOUNT", 500L));
        assertThat(debits(RequestTraffic.POLICY_ASSET, List.of(account))).isEqualTo(BigInteger.valueOf(500 * UNIT));
        assertThat(policyAsset.balance(account)).isEqualTo(BigInteger.valueOf(1_500 * UNIT));
    }

    @Test
    void thousandWithdrawalsFromTenAccountsRaceForAnAssetWindowOfFiveHundredUnits() {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String account = RequestTraffic.account("asset-window");
            windowAsset.fundedAccount(account, 200 * UNIT);
            accounts.add(account);
        }
        BigInteger limit = RequestTraffic.ASSET_WINDOW_AMOUNT;
        assertThat(limit).isEqualTo(BigInteger.valueOf(500 * UNIT));

        List<UUID> withdrawals = race(windowAsset, accounts, 1_000);

        assertThat(outcomes(withdrawals)).containsOnly(Map.entry("ACCEPTED", 500L),
                Map.entry("REJECTED:LIMIT_EXCEEDED:ASSET_WINDOW_AMOUNT", 500L));
        assertThat(debits(RequestTraffic.ASSET_WINDOW_ASSET, accounts)).isEqualTo(limit);
        assertThat(jdbc.sql("SELECT sum(amount) FROM xpw.transaction WHERE type = 'broadcast'")
                .query(BigDecimal.class).single().toBigIntegerExact()).isEqualTo(limit);
    }

    @Test
    void sixtyWithdrawalsRaceForAnAccountWindowOfTwentyWithdrawals() {
        String account = RequestTraffic.account("count");
        policyAsset.fundedAccount(account, 100 * UNIT);
        setOwn(account, AccountPolicy.NONE.withWindowCount(20));

        List<UUID> withdrawals = race(policyAsset, List.of(account), 60);

        assertThat(outcomes(withdrawals)).containsOnly(Map.entry("ACCEPTED", 20L),
                Map.entry("REJECTED:LIMIT_EXCEEDED:ACCOUNT_WINDOW_COUNT", 40L));
        assertThat(jdbc.sql("SELECT count(*) FROM xpl.transaction WHERE type = 'broadcast' AND account_id = :a")
                .param("a", account).query(Long.class).single()).isEqualTo(20);
        assertThat(debits(RequestTraffic.POLICY_ASSET, List.of(account))).isEqualTo(BigInteger.valueOf(20 * UNIT));
    }

    /** {@code count} withdrawals of one unit, round robin over the accounts and every partition. */
    private List<UUID> race(RequestTraffic traffic, List<String> accounts, int count) {
        List<UUID> withdrawals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            withdrawals.add(id);
            // An explicit partition: a keyed record of one account would always land on one.
            traffic.send(Topics.WITHDRAWAL_REQUESTS, i % PARTITIONS, new WithdrawalRequested(id, traffic.asset(),
                    accounts.get(i % accounts.size()), RequestTraffic.newAddress(), BigInteger.valueOf(UNIT), null, false));
        }
        traffic.awaitAnswered(withdrawals);
        return withdrawals;
    }

    private void setOwn(String account, AccountPolicy policy) {
        PolicyChangeOutcome outcome = administration.set(ledger.asset(RequestTraffic.POLICY_ASSET).orElseThrow(),
                account, current -> policy, "race-test");
        assertThat(outcome).isInstanceOf(PolicyChangeOutcome.Changed.class);
    }

    /** What the ledger debited the accounts, as entries in the database say. */
    private BigInteger debits(String asset, List<String> accounts) {
        return jdbc.sql("SELECT coalesce(-sum(amount), 0) FROM " + asset.toLowerCase(java.util.Locale.ROOT)
                        + ".ledger_entry WHERE account_id = ANY(:ids) AND amount < 0")
                .param("ids", accounts.toArray(String[]::new)).query(BigDecimal.class).single().toBigIntegerExact();
    }

    /** Status, reason and limit of each stored result, e.g. {@code REJECTED:LIMIT_EXCEEDED:ACCOUNT_WINDOW_AMOUNT}. */
    private Map<String, Long> outcomes(List<UUID> ids) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT result->>'status' || coalesce(':' || (result->>'reason'), '')
                               || coalesce(':' || (result->>'limit'), '') AS outcome, count(*) AS n
                        FROM cryptoassets.processed_request
                        WHERE request_id = ANY(CAST(:ids AS uuid[]))
                        GROUP BY 1
                        """)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .query(rs -> {
                    counts.put(rs.getString("outcome"), rs.getLong("n"));
                });
        return counts;
    }
}
