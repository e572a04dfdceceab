package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.TransferLeg;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.WorkerApplication;
import io.cryptoassets.worker.testsupport.ChainFixture;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.ReportedAssetTest;
import io.cryptoassets.worker.testsupport.TestInfrastructure;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Transfers with legs through the broker into the ledger: applied in order and all or nothing,
 * their reference and metadata on every leg's updates, the ledger equal to a model built from the
 * test's own inputs, and the audit passing. A second worker shares the consumer group, so
 * transfers sent to every partition are decided by concurrent serializable transactions.
 */
class MultiLegTransferIT extends ReportedAssetTest {

    private static final int PARTITIONS = 6;
    private static final Map<String, String> TRADE = Map.of("market", "XBT-EUR", "side", "buy");

    private static ConfigurableApplicationContext secondWorker;

    /** What the test expects every account it made to hold, from its own inputs and the outcomes. */
    private final Map<String, BigInteger> model = new LinkedHashMap<>();

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

    @Test
    void aTradeSettlementAppliesEveryLegWithItsReferenceAndMetadata() {
        String buyer = funded("buyer", 100_000);
        String seller = funded("seller", 5_000);
        String fees = funded("fees", 0);
        Transfer settlement = legs(buyer, "trade-1", leg(buyer, seller, 60_000), leg(buyer, fees, 600),
                leg(seller, buyer, 2_000));

        RequestResult result = answer(send(settlement));

        assertThat(result.status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(result.accountId()).isEqualTo(buyer);
        assertThat(result.transactionIds()).hasSize(3).first().isEqualTo(result.transactionId());
        assertThat(result.balance()).isEqualTo(41_400);
        applyToModel(settlement);
        assertLedgerIsTheModel();
        assertThat(jdbc.sql("""
                        SELECT id, leg, reference, metadata ->> 'market', counterparty_account_id, amount
                        FROM xbt.transaction WHERE request_id = :id ORDER BY leg
                        """).param("id", settlement.requestId())
                .query((rs, row) -> List.of(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6))).list())
                .containsExactly(
                        List.of(result.transactionIds().get(0), 1, "trade-1", "XBT-EUR", seller, 60_000L),
                        List.of(result.transactionIds().get(1), 2, "trade-1", "XBT-EUR", fees, 600L),
                        List.of(result.transactionIds().get(2), 3, "trade-1", "XBT-EUR", buyer, 2_000L));

        awaitUpdates(buyer, 4); // the deposit's, then two debits and a credit
        List<TxUpdate> buyers = ofReference(buyer, "trade-1");
        assertThat(buyers).extracting(TxUpdate::transactionId, TxUpdate::direction, u -> u.balance().longValue())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(result.transactionIds().get(0), Direction.OUT, 40_000L),
                        org.assertj.core.groups.Tuple.tuple(result.transactionIds().get(1), Direction.OUT, 39_400L),
                        org.assertj.core.groups.Tuple.tuple(result.transactionIds().get(2), Direction.IN, 41_400L));
        assertThat(buyers.get(2).sequence()).isEqualTo(result.sequence());
        awaitUpdates(seller, 3);
        assertThat(ofReference(seller, "trade-1")).extracting(TxUpdate::direction, u -> u.balance().longValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Direction.IN, 65_000L),
                        org.assertj.core.groups.Tuple.tuple(Direction.OUT, 63_000L));
        awaitUpdates(fees, 1);
        assertThat(ofReference(fees, "trade-1")).singleElement()
                .satisfies(u -> assertThat(u.balance()).isEqualTo(600));
        for (String account : List.of(buyer, seller, fees)) {
            assertThat(ofReference(account, "trade-1")).allSatisfy(u -> {
                assertThat(u.transactionType()).isEqualTo(TransactionType.INTERNAL);
                assertThat(u.metadata()).isEqualTo(TRADE);
                assertThat(u.available()).isEqualTo(u.balance());
            });
        }

        ChainFixture.CommandRun statement = fixture.admin("accounts", "statement", XBT, buyer, "--from", "2000-01-01",
                "--to", java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString(), "--format", "csv");
        assertThat(statement.out().lines().filter(row -> row.endsWith(",trade-1"))).as(statement.err()).hasSize(3);

        RequestResult replayed = answer(send(settlement), 2);
        assertThat(replayed.transactionIds()).as("a redelivery has no second effect")
                .isEqualTo(result.transactionIds());
        assertLedgerIsTheModel();
        assertAuditPasses();
    }

    @Test
    void theAuditNamesATransferWhoseLegsAreNotTheOnesItsResultLists() {
        String a = funded("a", 1_000);
        String b = funded("b", 0);
        Transfer transfer = legs(a, "trade-audited", leg(a, b, 300), leg(b, a, 100));
        RequestResult result = answer(send(transfer));
        applyToModel(transfer);
        long second = result.transactionIds().get(1);

        // What a lost or renumbered leg would look like: the second leg no longer says it is one.
        admin.sql("UPDATE xbt.transaction SET leg = NULL WHERE id = :id").param("id", second).update();
        try {
            ChainFixture.CommandRun audit = fixture.admin("audit");
            assertThat(audit.out()).contains("FAIL every accepted withdrawal, transfer, hold or capture has exactly one effect")
                    .contains("request " + transfer.requestId() + " (Transfer): 2 transactions for 2 legs");
        } finally {
            admin.sql("UPDATE xbt.transaction SET leg = 2 WHERE id = :id").param("id", second).update();
        }
        assertAuditPasses();
    }

    @Test
    void aLastLegThatOverdrawsRejectsTheWholeTransferAndNothingChanges() {
        String buyer = funded("buyer", 10_000);
        String seller = funded("seller", 1_000);
        String fees = funded("fees", 0);
        Map<String, Long> entriesBefore = entries(buyer, seller, fees);

        UUID rejected = send(legs(buyer, "trade-overdrawn", leg(buyer, seller, 9_000), leg(buyer, fees, 500),
                leg(buyer, fees, 501)));
        RequestResult result = answer(rejected);

        assertThat(result.status()).isEqualTo(RequestStatus.REJECTED);
        assertThat(result.reason()).isEqualTo(ReasonCode.INSUFFICIENT_BALANCE);
        assertThat(result.detail()).isEqualTo("leg 3: available balance 500 is less than 501");
        assertThat(result.transactionIds()).isNull();
        assertNothingWasMade(rejected, entriesBefore, "trade-overdrawn", buyer, seller, fees);
        assertAuditPasses();
    }

    @Test
    void aLegCoveredOnlyByWhatAnEarlierLegCreditedIsAcceptedAndTheReverseOrderIsNot() {
        String a = funded("a", 10_000);
        String b = funded("b", 0);
        String c = funded("c", 0);
        Map<String, Long> entriesBefore = entries(a, b, c);

        UUID reversed = send(legs(a, "order-reversed", leg(b, c, 8_000), leg(a, b, 10_000)));
        RequestResult refused = answer(reversed);
        Transfer inOrder = legs(a, "order-kept", leg(a, b, 10_000), leg(b, c, 8_000));
        RequestResult accepted = answer(send(inOrder));

        assertThat(refused.reason()).isEqualTo(ReasonCode.INSUFFICIENT_BALANCE);
        assertThat(refused.detail()).isEqualTo("leg 1: available balance 0 is less than 8000");
        assertThat(accepted.status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(accepted.balance()).isZero();
        applyToModel(inOrder);
        assertLedgerIsTheModel();
        assertThat(jdbc.sql("SELECT count(*) FROM xbt.transaction WHERE request_id = :id")
                .param("id", reversed).query(Long.class).single()).isZero();
        assertThat(entries(a, b, c)).containsExactlyInAnyOrderEntriesOf(Map.of(a, entriesBefore.get(a) + 1,
                b, entriesBefore.get(b) + 2, c, entriesBefore.get(c) + 1));
        awaitUpdates(c, 1);
        assertThat(events.txUpdates(b)).noneMatch(u -> "order-reversed".equals(u.reference()));
        assertThat(events.txUpdates(c)).noneMatch(u -> "order-reversed".equals(u.reference()));
    }

    @Test
    void anUnknownAccountInTheThirdLegRejectsTheWholeTransfer() {
        String a = funded("a", 10_000);
        String b = funded("b", 0);
        Map<String, Long> entriesBefore = entries(a, b);
        String nobody = RequestTraffic.account("nobody");

        UUID rejected = send(legs(a, "trade-unknown", leg(a, b, 1_000), leg(b, a, 500), leg(a, nobody, 1),
                leg(a, b, 1)));
        RequestResult result = answer(rejected);

        assertThat(result.reason()).isEqualTo(ReasonCode.UNKNOWN_ACCOUNT);
        assertThat(result.detail()).isEqualTo("leg 3: account " + nobody + " does not exist for XBT");
        assertNothingWasMade(rejected, entriesBefore, "trade-unknown", a, b);
    }

    @Test
    void tooManyLegsOrTooMuchMetadataIsAnInvalidRequestNamingTheField() {
        String leg = "{\"fromAccountId\":\"a\",\"toAccountId\":\"b\",\"amount\":\"1\"}";
        UUID tooManyLegs = sendRaw("\"legs\":[" + String.join(",", Collections.nCopies(Transfer.MAX_LEGS + 1, leg))
                + "]");
        String keys = java.util.stream.IntStream.rangeClosed(1, 17).mapToObj(i -> "\"k" + i + "\":\"v\"")
                .collect(Collectors.joining(","));
        UUID tooManyKeys = sendRaw("\"legs\":[" + leg + "],\"metadata\":{" + keys + "}");
        UUID tooLongValue = sendRaw("\"legs\":[" + leg + "],\"metadata\":{\"k\":\"" + "v".repeat(501) + "\"}");
        UUID bothForms = sendRaw("\"toAccountId\":\"b\",\"amount\":\"1\",\"legs\":[" + leg + "]");

        assertThat(fieldsOf(answer(tooManyLegs))).containsExactly("legs");
        assertThat(fieldsOf(answer(tooManyKeys))).containsExactly("metadata");
        assertThat(fieldsOf(answer(tooLongValue))).containsExactly("metadata.k");
        assertThat(fieldsOf(answer(bothForms))).containsExactly("amount", "toAccountId");
    }

    /**
     * Random transfers of one to four legs among six accounts, each keyed by a random one and sent
     * round robin to every partition, so two workers decide them concurrently and legs debit
     * accounts whose own requests sit on other partitions. Whatever order they were decided in,
     * the ledger holds what the accepted transfers moved, and nothing of the rejected ones.
     */
    @Test
    void concurrentTransfersWithLegsOnEveryPartitionLeaveTheLedgerEqualToTheModel() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Two poor accounts, so that among 150 transfers some are all but certain to be refused.
            accounts.add(funded("mix" + i, i < 2 ? 2_000 : 40_000));
        }
        List<Transfer> sent = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            List<TransferLeg> legs = new ArrayList<>();
            for (int l = 1 + random.nextInt(4); l > 0; l--) {
                String from = accounts.get(random.nextInt(accounts.size()));
                List<String> others = accounts.stream().filter(a -> !a.equals(from)).toList();
                legs.add(leg(from, others.get(random.nextInt(others.size())), 1_000 + random.nextInt(15_000)));
            }
            Transfer transfer = legs(accounts.get(random.nextInt(accounts.size())), "mix-" + i,
                    legs.toArray(TransferLeg[]::new));
            reported.send(Topics.ACCOUNT_REQUESTS, i % PARTITIONS, transfer);
            sent.add(transfer);
        }
        reported.awaitAnswered(sent.stream().map(Transfer::requestId).toList());

        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Transfer transfer : sent) {
            String outcome = reported.outcome(transfer.requestId());
            outcomes.merge(outcome, 1L, Long::sum);
            long made = jdbc.sql("SELECT count(*) FROM xbt.transaction WHERE request_id = :id")
                    .param("id", transfer.requestId()).query(Long.class).single();
            if (outcome.equals("ACCEPTED")) {
                applyToModel(transfer);
                assertThat(made).as("seed %d, %s", seed, transfer.reference()).isEqualTo(transfer.legs().size());
            } else {
                assertThat(outcome).as("seed %d", seed).isEqualTo("REJECTED:INSUFFICIENT_BALANCE");
                assertThat(made).as("seed %d, %s", seed, transfer.reference()).isZero();
            }
        }
        assertThat(outcomes).as("seed %d: both outcomes occur", seed)
                .containsKeys("ACCEPTED", "REJECTED:INSUFFICIENT_BALANCE");
        assertThat(sent.stream().filter(t -> t.legs().size() > 1)
                .filter(t -> reported.outcome(t.requestId()).equals("ACCEPTED")))
                .as("seed %d: some accepted transfers have several legs", seed).isNotEmpty();
        assertLedgerIsTheModel();
        assertAuditPasses();
    }

    /** The rejected transfer left no transaction, entry or update on any of the accounts. */
    private void assertNothingWasMade(UUID rejected, Map<String, Long> entriesBefore, String reference,
                                      String... accounts) {
        assertLedgerIsTheModel();
        assertThat(entries(accounts)).isEqualTo(entriesBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM xbt.transaction WHERE request_id = :id")
                .param("id", rejected).query(Long.class).single()).isZero();
        // Updates of one account are published in commit order: once a later transfer's update to
        // each account has arrived, any update of the rejected transfer would have arrived before it.
        // The later one pays a unit round the ring, each account passing on what it was just paid.
        List<TransferLeg> ring = new ArrayList<>();
        for (int i = 0; i < accounts.length; i++) {
            ring.add(leg(accounts[i], accounts[(i + 1) % accounts.length], 1));
        }
        Transfer later = legs(accounts[0], "after-" + reference, ring.toArray(TransferLeg[]::new));
        assertThat(answer(send(later)).status()).as("the later transfer").isEqualTo(RequestStatus.ACCEPTED);
        applyToModel(later);
        for (String account : accounts) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !ofReference(account, "after-" + reference).isEmpty());
            assertThat(events.txUpdates(account)).as(account).noneMatch(u -> reference.equals(u.reference()));
        }
        assertLedgerIsTheModel();
    }

    private void assertLedgerIsTheModel() {
        model.forEach((account, expected) -> {
            assertThat(reported.balance(account)).as(account).isEqualTo(expected);
            assertThat(reported.entrySum(account)).as(account).isEqualTo(expected);
        });
    }

    private void assertAuditPasses() {
        ChainFixture.CommandRun audit = fixture.admin("audit");
        assertThat(audit.out()).contains(
                        "ok   every balance equals the sum of its ledger entries",
                        "ok   every last ledger entry records the balance",
                        "ok   every ledger entry is on its account's hash chain",
                        "ok   every account's chain head is the hash of its last ledger entry",
                        "ok   no balance is negative except the network-fee account",
                        "ok   internal transfers net to zero",
                        "ok   every accepted withdrawal, transfer, hold or capture has exactly one effect",
                        "ok   every withdrawal, transfer or hold comes from an accepted request")
                .doesNotContain("FAIL every accepted withdrawal or transfer");
    }

    private String funded(String prefix, long amount) {
        String account = RequestTraffic.account(prefix);
        reported.fundedAccount(account, amount);
        model.put(account, BigInteger.valueOf(amount));
        return account;
    }

    private void applyToModel(Transfer transfer) {
        for (TransferLeg leg : transfer.moves()) {
            model.merge(leg.fromAccountId(), leg.amount().negate(), BigInteger::add);
            model.merge(leg.toAccountId(), leg.amount(), BigInteger::add);
        }
    }

    private Map<String, Long> entries(String... accounts) {
        Map<String, Long> entries = new LinkedHashMap<>();
        for (String account : accounts) {
            entries.put(account, reported.entries(account));
        }
        return entries;
    }

    private static Transfer legs(String key, String reference, TransferLeg... legs) {
        return Transfer.ofLegs(UUID.randomUUID(), XBT, key, List.of(legs), null, reference, TRADE);
    }

    private static TransferLeg leg(String from, String to, long amount) {
        return new TransferLeg(from, to, BigInteger.valueOf(amount));
    }

    private UUID send(Transfer transfer) {
        reported.send(Topics.ACCOUNT_REQUESTS, null, transfer);
        reported.flush();
        return transfer.requestId();
    }

    private UUID sendRaw(String fields) {
        UUID id = UUID.randomUUID();
        reported.sendRaw(Topics.ACCOUNT_REQUESTS, "a", """
                {"type":"Transfer","schemaVersion":1,"requestId":"%s","asset":"XBT","fromAccountId":"a",%s}"""
                .formatted(id, fields));
        reported.flush();
        return id;
    }

    private RequestResult answer(UUID requestId) {
        return answer(requestId, 1);
    }

    /** The {@code nth} result published for the request (a redelivery is answered again). */
    private RequestResult answer(UUID requestId, int nth) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.results(requestId).size() >= nth);
        return events.results(requestId).get(nth - 1);
    }

    private static List<String> fieldsOf(RequestResult result) {
        assertThat(result.reason()).isEqualTo(ReasonCode.INVALID_REQUEST);
        return result.fieldErrors().stream().map(io.cryptoassets.contracts.FieldError::field).toList();
    }

    private void awaitUpdates(String account, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> updates(account).size() >= count);
    }

    /** The account's updates with this reference, each once, in sequence order. */
    private List<TxUpdate> ofReference(String account, String reference) {
        return updates(account).stream().filter(u -> reference.equals(u.reference())).toList();
    }

    private List<TxUpdate> updates(String account) {
        Map<UUID, TxUpdate> unique = new LinkedHashMap<>();
        events.txUpdates(account).forEach(u -> unique.putIfAbsent(u.eventId(), u));
        return unique.values().stream().sorted(java.util.Comparator.comparingLong(TxUpdate::sequence)).toList();
    }
}
