package io.cryptoassets.worker.demo;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.TransferLeg;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What the demo client does, phase by phase: open accounts, get addresses from the node, have
 * outsiders pay them on the chain (half announced with DepositNotified, half left for the
 * worker's scan), move money between accounts, withdraw to outside addresses (one to another
 * account's address, which settles internally, and one too large, which is rejected), have two
 * approvers approve the one withdrawal above the approval threshold, reserve funds for an order
 * with a hold and capture part of it, settle a trade in legs, and wait for the withdrawals to be
 * broadcast and confirmed, and for the worker's sweep of the hot wallet's excess to cold storage
 * (COLD_SWEEP). Every wait shows progress and has a limit.
 */
final class DemoScript {

    static final String ASSET = "BTC";
    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
            "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil"};
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(2);
    /** Withdrawals of at least this much are held for two approvers; the scripted ones stay below it. */
    static final long APPROVAL_THRESHOLD = 2_500_000L;
    private static final List<String> APPROVERS = List.of("approver-ana", "approver-ben");

    private final DemoClient client;
    private final SimulatedChain chain;
    private final StatusLine status;
    private final int trackingLimit;
    private final Random random = new Random(7);
    final Map<String, String> addresses = new LinkedHashMap<>();
    final List<UUID> withdrawals = new ArrayList<>();
    /** The withdrawal held for approval. */
    UUID held;
    /** The order's hold, its capture, and the trade settled in legs; null until phase 7. */
    UUID holdPlaced;
    UUID holdCaptured;
    UUID settlement;
    private final List<String> accounts = new ArrayList<>();
    private String phase = "";

    DemoScript(DemoClient client, SimulatedChain chain, StatusLine status, int accounts, int trackingLimit) {
        this.client = client;
        this.chain = chain;
        this.status = status;
        this.trackingLimit = trackingLimit;
        for (int i = 0; i < accounts; i++) {
            this.accounts.add(NAMES[i % NAMES.length] + (i < NAMES.length ? "" : "-" + i));
        }
    }

    List<String> accounts() {
        return accounts;
    }

    void run() {
        List<UUID> opened = phase("1/8 opening accounts", accounts.stream()
                .map(a -> send(new OpenAccount(UUID.randomUUID(), ASSET, a, a.substring(0, 1).toUpperCase() + a.substring(1))))
                .toList());
        awaitResults(opened);

        Map<String, UUID> addressRequests = new LinkedHashMap<>();
        phase("2/8 asking the node for addresses", List.of());
        accounts.forEach(a -> addressRequests.put(a, send(new CreateAddress(UUID.randomUUID(), ASSET, a, null))));
        awaitResults(addressRequests.values());
        addressRequests.forEach((account, request) -> addresses.put(account, client.result(request).address()));

        phase("3/8 outsiders pay the addresses on the chain", List.of());
        int i = 0;
        for (Map.Entry<String, String> entry : addresses.entrySet()) {
            String txid = chain.pay(entry.getValue(), BigInteger.valueOf(1_000_000L * (5 + random.nextInt(20))));
            if (i++ % 2 == 0) {
                send(new DepositNotified(UUID.randomUUID(), ASSET, txid)); // the rest is found by the scan
            }
        }
        awaitUntil(() -> accounts.stream().allMatch(a -> has(a, TransactionType.DEPOSIT, TxState.CREDITED)),
                () -> "credited " + accounts.stream().filter(a -> has(a, TransactionType.DEPOSIT, TxState.CREDITED)).count()
                        + "/" + accounts.size() + " deposits");

        phase("4/8 transfers between accounts", List.of());
        List<UUID> transfers = new ArrayList<>();
        for (int t = 0; t < accounts.size(); t++) {
            String from = accounts.get(t);
            String to = accounts.get((t + 1) % accounts.size());
            long amount = t == 0 ? 1_000_000_000L : 100_000L * (1 + random.nextInt(30)); // the first is too large
            transfers.add(send(new Transfer(UUID.randomUUID(), ASSET, from, to, BigInteger.valueOf(amount), "demo transfer")));
        }
        awaitResults(transfers);

        phase("5/8 withdrawals", List.of());
        for (int w = 0; w < accounts.size(); w++) {
            String from = accounts.get(w);
            String to = w == 1 ? addresses.get(accounts.get(0)) : chain.anyAddress(); // one pays another account
            long amount = w == 2 ? 5_000_000_000L : 200_000L * (1 + random.nextInt(10)); // one is too large
            withdrawals.add(send(new WithdrawalRequested(UUID.randomUUID(), ASSET, from, to, BigInteger.valueOf(amount),
                    "demo withdrawal", false)));
        }
        // The first account keeps at least its smallest deposit less its withdrawal: enough for this one.
        held = send(new WithdrawalRequested(UUID.randomUUID(), ASSET, accounts.get(0), chain.anyAddress(),
                BigInteger.valueOf(APPROVAL_THRESHOLD), "demo withdrawal held for approval", false, "demo-app"));
        withdrawals.add(held);
        awaitResults(withdrawals);

        phase("6/8 two approvers approve the held withdrawal", List.of());
        awaitUntil(() -> heldIn(TxState.AWAITING_APPROVAL), () -> "held withdrawal awaiting approval: " + heldIn(TxState.AWAITING_APPROVAL));
        List<UUID> approvals = APPROVERS.stream().map(approver -> send(new ApproveWithdrawal(UUID.randomUUID(), ASSET,
                accounts.get(0), held, null, approver))).toList();
        awaitResults(approvals);
        awaitUntil(() -> heldIn(TxState.PENDING), () -> "held withdrawal approved: " + heldIn(TxState.PENDING));

        phase("7/8 a hold for an order, and a trade settled in legs", List.of());
        holdAndSettle();

        phase("8/8 broadcasting and confirming", List.of());
        awaitUntil(() -> withdrawalsConfirmed() && coldSweeps() > 0, () -> "withdrawals at " + trackingLimit
                + " confirmations: " + confirmedWithdrawals() + "/" + externalWithdrawals() + ", sweeps to cold storage: "
                + coldSweeps());
        status.done();
    }

    /**
     * The account with the most available balance, as the client knows it from its txupdates,
     * reserves funds for an order and the order fills for less; then it buys in a trade settled
     * in legs, all or nothing: it pays the seller, and the seller, out of what it just received,
     * pays the exchange's fee.
     */
    private void holdAndSettle() {
        Map<String, TxUpdate> latest = DemoSummary.latestUpdates(client.txUpdates());
        String buyer = accounts.stream().filter(latest::containsKey)
                .max(Comparator.comparing(a -> latest.get(a).available())).orElseThrow();
        String seller = accounts.get((accounts.indexOf(buyer) + 1) % accounts.size());
        holdPlaced = send(new PlaceHold(UUID.randomUUID(), ASSET, buyer, "order-1", BigInteger.valueOf(300_000),
                Instant.now().plus(Duration.ofMinutes(10)), "demo order"));
        awaitResults(List.of(holdPlaced));
        holdCaptured = send(CaptureHold.toAccount(UUID.randomUUID(), ASSET, buyer, "order-1",
                BigInteger.valueOf(200_000), seller));
        List<TransferLeg> legs = new ArrayList<>(List.of(new TransferLeg(buyer, seller, BigInteger.valueOf(150_000))));
        if (accounts.size() > 2) {
            String exchange = accounts.get((accounts.indexOf(buyer) + 2) % accounts.size());
            legs.add(new TransferLeg(seller, exchange, BigInteger.valueOf(1_500)));
        }
        settlement = send(Transfer.ofLegs(UUID.randomUUID(), ASSET, buyer, legs, "demo trade", "trade-1",
                tradeMetadata()));
        awaitResults(List.of(holdCaptured, settlement));
    }

    /** The trade's metadata, in the order the summary prints it. */
    private static Map<String, String> tradeMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("market", "BTC-EUR");
        metadata.put("price", "61250.00");
        return metadata;
    }

    private List<UUID> phase(String name, List<UUID> sent) {
        status.done();
        phase = name;
        return sent;
    }

    private UUID send(io.cryptoassets.contracts.request.Request request) {
        client.send(request);
        return request.idempotencyKey();
    }

    private void awaitResults(java.util.Collection<UUID> requests) {
        awaitUntil(() -> requests.stream().allMatch(r -> client.result(r) != null),
                () -> "results " + requests.stream().filter(r -> client.result(r) != null).count() + "/" + requests.size());
    }

    private void awaitUntil(BooleanSupplier done, java.util.function.Supplier<String> progress) {
        client.flush();
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (true) {
            status.show(String.format("[%s] %s | block %d | events: %d results, %d txupdates, %d alerts",
                    phase, progress.get(), chain.height(), client.resultCount(), client.txUpdates().size(),
                    client.alerts().size()));
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo waited " + PHASE_LIMIT + " in phase '" + phase + "': " + progress.get());
            }
            try {
                Thread.sleep(100); // the pace of the progress line
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The held withdrawal's TxUpdates that changed its state, and its last, in the order the account received them. */
    List<TxUpdate> heldUpdates() {
        List<TxUpdate> all = updatesOf(held).stream().sorted(java.util.Comparator.comparingLong(TxUpdate::sequence)).toList();
        List<TxUpdate> changes = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (i == 0 || i == all.size() - 1 || all.get(i).state() != all.get(i - 1).state()) {
                changes.add(all.get(i));
            }
        }
        return changes;
    }

    /** Every txupdate of the order's hold, and of the transactions its capture and the settlement made, in order. */
    List<TxUpdate> holdAndSettlementUpdates() {
        List<Long> transactions = new ArrayList<>();
        for (UUID request : List.of(holdPlaced, holdCaptured, settlement)) {
            if (client.accepted(request)) {
                RequestResult result = client.result(request);
                transactions.addAll(result.transactionIds() != null ? result.transactionIds()
                        : List.of(result.transactionId()));
            }
        }
        return client.txUpdates().stream().filter(u -> transactions.contains(u.transactionId()))
                .sorted(Comparator.comparing(TxUpdate::occurredAt).thenComparing(TxUpdate::accountId)
                        .thenComparingLong(TxUpdate::sequence))
                .toList();
    }

    private boolean heldIn(TxState state) {
        return updatesOf(held).stream().anyMatch(u -> u.state() == state);
    }

    private boolean has(String account, TransactionType type, TxState state) {
        return client.txUpdates().stream().anyMatch(u -> u.accountId().equals(account) && u.transactionType() == type && u.state() == state);
    }

    private long externalWithdrawals() {
        return withdrawals.stream().filter(w -> client.accepted(w) && client.result(w).transactionId() != null)
                .filter(w -> updatesOf(w).stream().anyMatch(u -> u.transactionType() == TransactionType.BROADCAST))
                .count();
    }

    private long confirmedWithdrawals() {
        return withdrawals.stream().filter(w -> updatesOf(w).stream()
                .anyMatch(u -> u.state() == TxState.BROADCASTED && u.confirmations() >= trackingLimit)).count();
    }

    private long coldSweeps() {
        return client.alerts().stream().filter(a -> a.kind() == AlertKind.COLD_SWEEP).count();
    }

    private boolean withdrawalsConfirmed() {
        return externalWithdrawals() > 0 && confirmedWithdrawals() == externalWithdrawals();
    }

    private List<TxUpdate> updatesOf(UUID withdrawal) {
        if (!client.accepted(withdrawal) || client.result(withdrawal).transactionId() == null) {
            return List.of();
        }
        long id = client.result(withdrawal).transactionId();
        return client.txUpdates().stream().filter(u -> u.transactionId() == id && u.direction() == Direction.OUT).toList();
    }
}
