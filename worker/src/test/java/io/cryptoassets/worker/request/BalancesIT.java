package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.GetBalance;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.RejectWithdrawal;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.ReportedAssetTest;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import io.cryptoassets.worker.withdrawal.CancelOutcome;
import io.cryptoassets.worker.withdrawal.WithdrawalAdministration;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Balances reach clients in events: every TxUpdate carries its account's balance, an accepted
 * request that changed it answers it, and GetBalance asks for it without changing anything. The
 * ledger rules run on the asset without a node, where withdrawals stay pending and can be
 * cancelled; the chain's own updates (sent, confirmations) on the simulated BTC chain.
 */
class BalancesIT extends ReportedAssetTest {

    private static final long HELD = TestInfrastructure.APPROVAL_THRESHOLD;

    @Test
    void theLatestUpdateOfEachAccountCarriesItsLedgerBalanceAfterARandomMix() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> accounts = new ArrayList<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            String account = RequestTraffic.account("mix" + i);
            accounts.add(account);
            addresses.put(account, reported.fundedAccount(account, i == 0 ? 3 * HELD : 100_000));
        }
        Mix mix = new Mix(random, accounts, addresses);
        for (int i = 0; i < 40; i++) {
            mix.any();
        }
        UUID rejected = mix.send(new WithdrawalRequested(UUID.randomUUID(), XBT, accounts.get(0),
                RequestTraffic.newAddress(), BigInteger.valueOf(HELD), null, false, "carol"));
        UUID approved = mix.send(new WithdrawalRequested(UUID.randomUUID(), XBT, accounts.get(0),
                RequestTraffic.newAddress(), BigInteger.valueOf(HELD), null, false, "carol"));
        reported.awaitAnswered(mix.sent.keySet());

        mix.cancelHalfOfTheWithdrawals();
        mix.confirmTheIncomingDeposits();
        mix.send(new RejectWithdrawal(UUID.randomUUID(), XBT, accounts.get(0), rejected, null, "alice", "no"));
        mix.send(new ApproveWithdrawal(UUID.randomUUID(), XBT, accounts.get(0), approved, null, "alice"));
        mix.send(new ApproveWithdrawal(UUID.randomUUID(), XBT, accounts.get(0), approved, null, "bob"));
        for (int i = 0; i < 20; i++) {
            mix.any();
        }
        reported.awaitAnswered(mix.sent.keySet());
        cancelByOperator(mix.firstPendingWithdrawal());

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(mix.sent.keySet()).allSatisfy(id -> assertThat(events.results(id)).isNotEmpty());
            assertThat(accounts).allSatisfy(a -> assertThat(updates(a)).hasSize((int) eventSequence(a)));
        });
        for (String account : accounts) {
            List<TxUpdate> updates = updates(account);
            assertThat(updates.get(updates.size() - 1).balance()).as("seed %d, account %s", seed, account)
                    .isEqualTo(reported.balance(account)).isEqualTo(reported.entrySum(account));
            assertEveryBalanceIsTheLedgersAtThatUpdate(account, updates, seed);
        }
        mix.sent.forEach((id, request) -> assertResultBalance(request, events.results(id).get(0), seed));
    }

    @Test
    void getBalanceAnswersTheBalanceAndSequenceAndChangesNothing() {
        String empty = RequestTraffic.account("empty");
        reported.fundedAccount(empty, 0);
        assertThat(ask(empty, UUID.randomUUID())).satisfies(result -> {
            assertThat(result.status()).isEqualTo(RequestStatus.ACCEPTED);
            assertThat(result.balance()).isZero();
            assertThat(result.sequence()).as("no update yet").isNull();
        });

        String account = RequestTraffic.account("asked");
        reported.fundedAccount(account, 50_000);
        UUID first = UUID.randomUUID();
        RequestResult answer = ask(account, first);
        assertThat(answer.status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(answer.accountId()).isEqualTo(account);
        assertThat(answer.balance()).isEqualTo(50_000);
        assertThat(answer.sequence()).isEqualTo(1L);
        assertThat(eventSequence(account)).as("GetBalance takes no sequence").isEqualTo(1);
        assertThat(reported.entries(account)).isEqualTo(1);

        UUID transfer = send(new Transfer(UUID.randomUUID(), XBT, account, empty, BigInteger.valueOf(10_000), null));
        reported.awaitAnswered(List.of(transfer));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> updates(account).size() == 2);
        assertThat(updates(account).get(1).sequence()).as("no gap after the question").isEqualTo(2);
        assertThat(updates(account).get(1).balance()).isEqualTo(40_000);

        RequestResult replayed = ask(account, first);
        assertThat(replayed).as("a replay gets the first answer").usingRecursiveComparison()
                .ignoringFields("eventId", "source").isEqualTo(answer);
        assertThat(replayed.source()).as("named as the answer to its own record").isNotEqualTo(answer.source());
        RequestResult again = ask(account, UUID.randomUUID());
        assertThat(again.balance()).isEqualTo(40_000);
        assertThat(again.sequence()).isEqualTo(2L);

        RequestResult unknown = ask(RequestTraffic.account("nobody"), UUID.randomUUID());
        assertThat(unknown.reason()).isEqualTo(ReasonCode.UNKNOWN_ACCOUNT);
        assertThat(unknown.balance()).isNull();
        assertThat(unknown.sequence()).isNull();
    }

    @Test
    void theUpdatesOfASentWithdrawalCarryTheBalance() {
        fixture.awaitIdle();
        String account = RequestTraffic.account("sent");
        traffic.fundedAccount(account, 50_000);
        UUID withdrawal = fixture.withdraw(traffic, account, fixture.chain().anyAddress(), 10_000);
        fixture.awaitState(withdrawal, "broadcasted");
        fixture.chain().mine(1);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(updates(account))
                .anyMatch(u -> u.state() == TxState.BROADCASTED && u.confirmations() == 1));
        List<TxUpdate> sent = updates(account).stream().filter(u -> u.state() == TxState.BROADCASTED).toList();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(u -> assertThat(u.balance()).isEqualTo(40_000));
        assertThat(traffic.balance(account)).isEqualTo(40_000);
    }

    /**
     * Walks the account's updates in sequence order: one that made a ledger entry carries that
     * entry's balance after it, and the entry moved the balance on from the update before; one
     * that made none carries the balance unchanged.
     */
    private void assertEveryBalanceIsTheLedgersAtThatUpdate(String account, List<TxUpdate> updates, long seed) {
        List<Entry> entries = new ArrayList<>(jdbc.sql("""
                        SELECT transaction_id, amount, balance_after FROM xbt.ledger_entry
                        WHERE account_id = :account ORDER BY id
                        """).param("account", account)
                .query((rs, row) -> new Entry(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact(),
                        rs.getBigDecimal(3).toBigIntegerExact()))
                .list());
        BigInteger before = BigInteger.ZERO;
        Map<String, BigInteger> open = new LinkedHashMap<>();
        for (TxUpdate u : updates) {
            Entry entry = entries.stream().filter(e -> e.isMadeBy(u)).findFirst().orElse(null);
            String what = "seed " + seed + ", " + account + " #" + u.sequence() + " " + u.state();
            if (entry != null) {
                entries.remove(entry);
                assertThat(entry.amount().add(before)).as(what).isEqualTo(entry.balanceAfter());
                assertThat(u.balance()).as(what).isEqualTo(entry.balanceAfter());
            } else {
                assertThat(u.balance()).as(what).isEqualTo(before);
            }
            before = u.balance();
            // What the open holds reserve: placed, then settled by its own update or, for a capture,
            // already by the payment's, which comes first.
            if (u.transactionType() == TransactionType.HOLD && u.state() == TxState.HELD) {
                open.put(u.holdId(), u.amount());
            } else if (u.holdId() != null && u.direction() == Direction.OUT) {
                open.remove(u.holdId());
            }
            BigInteger held = open.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
            assertThat(u.available()).as(what + ": available").isEqualTo(u.balance().subtract(held));
        }
        assertThat(entries).as("entries without an update, seed %d", seed).isEmpty();
        assertThat(heldOf(account)).as("held by %s, seed %d", account, seed)
                .isEqualTo(open.values().stream().reduce(BigInteger.ZERO, BigInteger::add));
    }

    private record Entry(long transactionId, BigInteger amount, BigInteger balanceAfter) {

        /** The update that announced this entry: a debit's first state, a refund, a credit. */
        boolean isMadeBy(TxUpdate u) {
            if (u.transactionId() != transactionId) {
                return false;
            }
            return switch (u.state()) {
                case PENDING, AWAITING_APPROVAL -> amount.signum() < 0;
                case CANCELLED, FAILED, CREDITED -> amount.signum() > 0;
                case INTERNAL -> true;
                default -> false;
            };
        }
    }

    /** A result names the balance exactly when its request changed it, as the update with its sequence does. */
    private void assertResultBalance(Request request, RequestResult result, long seed) {
        String what = "seed " + seed + ", " + request;
        boolean changes = result.status() == RequestStatus.ACCEPTED && (request instanceof WithdrawalRequested
                || request instanceof Transfer || request instanceof CancelWithdrawal
                || request instanceof RejectWithdrawal || request instanceof GetBalance
                || request instanceof PlaceHold || request instanceof CaptureHold || request instanceof ReleaseHold
                || request instanceof DepositObserved d && d.confirmations() >= RequestTraffic.CREDITING_BLOCKS);
        if (!changes) {
            assertThat(result.balance()).as(what).isNull();
            assertThat(result.sequence()).as(what).isNull();
            return;
        }
        assertThat(result.balance()).as(what).isNotNull();
        TxUpdate same = updates(result.accountId()).stream().filter(u -> u.sequence() == result.sequence())
                .findFirst().orElseThrow();
        assertThat(same.balance()).as(what).isEqualTo(result.balance());
        assertThat(same.available()).as(what).isEqualTo(result.available());
        // A capture's result names its payment; the update at its sequence is the hold's, captured.
        if (!(request instanceof GetBalance) && !(request instanceof CaptureHold)) {
            assertThat(same.transactionId()).as(what).isEqualTo(result.transactionId());
        }
    }

    private void cancelByOperator(long transactionId) {
        CancelOutcome outcome = context.getBean(WithdrawalAdministration.class).cancel(
                context.getBean(LedgerProperties.class).asset(XBT).orElseThrow(), transactionId, "test");
        assertThat(outcome).isInstanceOf(CancelOutcome.Cancelled.class);
    }

    private RequestResult ask(String account, UUID requestId) {
        int before = events.results(requestId).size();
        send(new GetBalance(requestId, XBT, account));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events.results(requestId).size() > before);
        return events.results(requestId).get(before);
    }

    private UUID send(Request request) {
        reported.send(Topics.ACCOUNT_REQUESTS, null, request);
        reported.flush();
        return request.requestId();
    }

    /** The account's updates, each once, in sequence order. */
    private List<TxUpdate> updates(String account) {
        Map<UUID, TxUpdate> unique = new LinkedHashMap<>();
        events.txUpdates(account).forEach(u -> unique.putIfAbsent(u.eventId(), u));
        return unique.values().stream().sorted(java.util.Comparator.comparingLong(TxUpdate::sequence)).toList();
    }

    private BigInteger heldOf(String account) {
        return jdbc.sql("SELECT held FROM xbt.account WHERE account_id = :id").param("id", account)
                .query(java.math.BigDecimal.class).single().toBigIntegerExact();
    }

    private long eventSequence(String account) {
        return jdbc.sql("SELECT event_sequence FROM xbt.account WHERE account_id = :id").param("id", account)
                .query(Long.class).single();
    }

    /** Random requests over a few accounts, remembered by request id in the order sent. */
    private final class Mix {

        final Map<UUID, Request> sent = new LinkedHashMap<>();
        private final Random random;
        private final List<String> accounts;
        private final Map<String, String> addresses;
        private final List<DepositObserved> incoming = new ArrayList<>();
        private final List<PlaceHold> holds = new ArrayList<>();

        Mix(Random random, List<String> accounts, Map<String, String> addresses) {
            this.random = random;
            this.accounts = accounts;
            this.addresses = addresses;
        }

        void any() {
            String account = pick();
            switch (random.nextInt(7)) {
                case 0 -> deposit(account, random.nextBoolean() ? 1 : 6);
                case 1 -> send(new Transfer(UUID.randomUUID(), XBT, account, other(account), amount(), null));
                case 2 -> send(new GetBalance(UUID.randomUUID(), XBT, account));
                case 3 -> hold(account);
                case 4 -> settleAHold();
                default -> send(new WithdrawalRequested(UUID.randomUUID(), XBT, account,
                        // Now and then to another account's address: settled inside the ledger.
                        random.nextInt(4) == 0 ? addresses.get(other(account)) : RequestTraffic.newAddress(),
                        amount(), null, false));
            }
        }

        private void hold(String account) {
            PlaceHold place = new PlaceHold(UUID.randomUUID(), XBT, account, "h" + holds.size(), amount(), null, null);
            holds.add(place);
            send(place);
        }

        /** Releases or captures (whole, in part, to an account or an address) a hold placed before, if any. */
        private void settleAHold() {
            if (holds.isEmpty()) {
                return;
            }
            PlaceHold hold = holds.remove(random.nextInt(holds.size()));
            BigInteger part = random.nextBoolean() ? null : hold.amount().subtract(BigInteger.valueOf(500));
            switch (random.nextInt(3)) {
                case 0 -> send(new ReleaseHold(UUID.randomUUID(), XBT, hold.accountId(), hold.holdId()));
                case 1 -> send(CaptureHold.toAccount(UUID.randomUUID(), XBT, hold.accountId(), hold.holdId(), part,
                        other(hold.accountId())));
                default -> send(CaptureHold.toAddress(UUID.randomUUID(), XBT, hold.accountId(), hold.holdId(), part,
                        RequestTraffic.newAddress()));
            }
        }

        void cancelHalfOfTheWithdrawals() {
            sent.values().stream().filter(r -> r instanceof WithdrawalRequested).map(WithdrawalRequested.class::cast)
                    .filter(w -> random.nextBoolean()).toList()
                    .forEach(w -> send(CancelWithdrawal.ofRequest(UUID.randomUUID(), XBT, w.accountId(), w.requestId())));
        }

        void confirmTheIncomingDeposits() {
            incoming.forEach(d -> send(new DepositObserved(UUID.randomUUID(), XBT, d.txid(), d.vout(), d.address(),
                    d.amount(), 6, null)));
        }

        long firstPendingWithdrawal() {
            return jdbc.sql("""
                            SELECT min(id) FROM xbt.transaction
                            WHERE type = 'broadcast' AND state = 'pending' AND account_id = ANY(CAST(:accounts AS text[]))
                            """)
                    .param("accounts", accounts.toArray(String[]::new)).query(Long.class).single();
        }

        UUID send(Request request) {
            String topic = request instanceof DepositObserved ? Topics.DEPOSIT_REQUESTS
                    : request instanceof WithdrawalRequested || request instanceof CancelWithdrawal
                    ? Topics.WITHDRAWAL_REQUESTS
                    : request instanceof ApproveWithdrawal || request instanceof RejectWithdrawal
                    ? Topics.WITHDRAWAL_APPROVALS : Topics.ACCOUNT_REQUESTS;
            reported.send(topic, null, request);
            sent.put(request.requestId(), request);
            return request.requestId();
        }

        private void deposit(String account, int confirmations) {
            DepositObserved deposit = new DepositObserved(UUID.randomUUID(), XBT, RequestTraffic.txid(), 0,
                    addresses.get(account), amount(), confirmations, null);
            if (confirmations < RequestTraffic.CREDITING_BLOCKS) {
                incoming.add(deposit);
            }
            send(deposit);
        }

        private BigInteger amount() {
            return BigInteger.valueOf(1_000 + random.nextInt(40_000));
        }

        private String pick() {
            return accounts.get(random.nextInt(accounts.size()));
        }

        private String other(String account) {
            List<String> others = accounts.stream().filter(a -> !a.equals(account)).toList();
            return others.get(random.nextInt(others.size()));
        }
    }
}
