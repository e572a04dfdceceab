package io.cryptoassets.worker.bench;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;

/**
 * The requests of one scenario, serialized before anything is measured so that building them
 * costs the measurement nothing, and the outcome each withdrawal must get.
 *
 * <p>Amounts are drawn uniformly from {@code MIN_AMOUNT} (the default min-withdrawal) to
 * {@code 2 * MEAN_AMOUNT - MIN_AMOUNT}, so the mean stays {@code MEAN_AMOUNT}; each account is funded with {@code 1 - rejectShare} of what its own withdrawals ask in total, so about that share is
 * rejected INSUFFICIENT_BALANCE. Withdrawals of one account share a partition (the record key
 * is the account) and are applied in order, so the outcome of each is known in advance by
 * replaying the account's balance here; the driver checks every result against it.
 */
final class Workload {

    static final long MEAN_AMOUNT = 100_000;
    /** The assets' default min-withdrawal: anything smaller would be rejected AMOUNT_BELOW_MINIMUM. */
    static final long MIN_AMOUNT = 1_000;
    /** Above the asset's confirmations-to-credit (3), so every deposit is credited at once. */
    private static final int DEPOSIT_CONFIRMATIONS = 6;
    private static final String ASSET = "BTC";

    /** A request ready to send. */
    record Outgoing(UUID requestId, String topic, String key, byte[] value) {
    }

    final List<Outgoing> accounts = new ArrayList<>();
    final List<Outgoing> deposits = new ArrayList<>();
    final List<Outgoing> withdrawals = new ArrayList<>();
    /**
     * Requests on accounts of their own, sent and settled before measuring so that the worker's
     * code is compiled and its pools are filled: accounts and deposits first, then withdrawals in
     * rounds. They are funded in full, and their outcomes are not checked.
     */
    final List<Outgoing> warmUpSetup = new ArrayList<>();
    final List<List<Outgoing>> warmUpRounds = new ArrayList<>();
    /** Whether each withdrawal must be accepted, by request id. */
    final Map<UUID, Boolean> expectedAccepted = new HashMap<>();

    private Workload() {
    }

    static Workload of(Scenario scenario, double rejectShare, WarmUp warmUp, long seed) {
        Workload workload = new Workload();
        Random random = new Random(seed);
        String run = Long.toHexString(random.nextLong() & 0xffffffL);
        workload.addWarmUp(warmUp, run, random);
        int count = scenario.accounts();
        int[] chosen = new int[scenario.withdrawals()];
        long[] amounts = new long[scenario.withdrawals()];
        long[] demand = new long[count];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = random.nextDouble() < scenario.hotShare() ? 0 : random.nextInt(count);
            amounts[i] = MIN_AMOUNT + (long) (random.nextDouble() * (2 * (MEAN_AMOUNT - MIN_AMOUNT)));
            demand[chosen[i]] += amounts[i];
        }
        List<String> ids = new ArrayList<>(count);
        long[] balances = new long[count];
        for (int a = 0; a < count; a++) {
            String accountId = "bench-" + run + "-" + a;
            String address = address(random);
            ids.add(accountId);
            balances[a] = Math.max(1, (long) (demand[a] * (1 - rejectShare)));
            workload.accounts.add(outgoing(new OpenAccount(UUID.randomUUID(), ASSET, accountId, null)));
            workload.accounts.add(outgoing(new CreateAddress(UUID.randomUUID(), ASSET, accountId, address)));
            workload.deposits.add(outgoing(new DepositObserved(UUID.randomUUID(), ASSET, txid(random), 0, address,
                    BigInteger.valueOf(balances[a]), DEPOSIT_CONFIRMATIONS, null)));
        }
        for (int i = 0; i < chosen.length; i++) {
            int a = chosen[i];
            WithdrawalRequested withdrawal = new WithdrawalRequested(UUID.randomUUID(), ASSET, ids.get(a),
                    address(random), BigInteger.valueOf(amounts[i]), null, false);
            boolean accepted = balances[a] >= amounts[i];
            if (accepted) {
                balances[a] -= amounts[i];
            }
            workload.expectedAccepted.put(withdrawal.requestId(), accepted);
            workload.withdrawals.add(outgoing(withdrawal));
        }
        return workload;
    }

    /** Warm-up: {@code rounds} rounds of {@code withdrawals} withdrawals over {@code accounts} accounts. */
    record WarmUp(int accounts, int withdrawals, int rounds) {
        static final WarmUp NONE = new WarmUp(0, 0, 0);
    }

    private void addWarmUp(WarmUp warmUp, String run, Random random) {
        if (warmUp.rounds() == 0 || warmUp.withdrawals() == 0) {
            return;
        }
        List<String> ids = new ArrayList<>();
        long funding = 2 * MEAN_AMOUNT * ((long) warmUp.withdrawals() * warmUp.rounds() / warmUp.accounts() + 1);
        for (int a = 0; a < warmUp.accounts(); a++) {
            String accountId = "warm-up-" + run + "-" + a;
            String address = address(random);
            ids.add(accountId);
            warmUpSetup.add(outgoing(new OpenAccount(UUID.randomUUID(), ASSET, accountId, null)));
            warmUpSetup.add(outgoing(new CreateAddress(UUID.randomUUID(), ASSET, accountId, address)));
            warmUpSetup.add(outgoing(new DepositObserved(UUID.randomUUID(), ASSET, txid(random), 0, address,
                    BigInteger.valueOf(funding), DEPOSIT_CONFIRMATIONS, null)));
        }
        for (int r = 0; r < warmUp.rounds(); r++) {
            List<Outgoing> round = new ArrayList<>();
            for (int i = 0; i < warmUp.withdrawals(); i++) {
                round.add(outgoing(new WithdrawalRequested(UUID.randomUUID(), ASSET, ids.get(random.nextInt(ids.size())),
                        address(random), BigInteger.valueOf(MIN_AMOUNT + random.nextInt((int) (2 * (MEAN_AMOUNT - MIN_AMOUNT)))), null, false)));
            }
            warmUpRounds.add(round);
        }
    }

    long expectedRejections() {
        return expectedAccepted.values().stream().filter(accepted -> !accepted).count();
    }

    private static Outgoing outgoing(Request request) {
        String topic = request instanceof WithdrawalRequested ? Topics.WITHDRAWAL_REQUESTS
                : request instanceof DepositObserved ? Topics.DEPOSIT_REQUESTS : Topics.ACCOUNT_REQUESTS;
        return new Outgoing(request.idempotencyKey(), topic, request.recordKey(),
                ContractJson.mapper().writerFor(Request.class).writeValueAsBytes(request));
    }

    /** A fresh mainnet P2WPKH address: withdrawals pay outside the ledger, never to an account. */
    private static String address(Random random) {
        byte[] hash = new byte[20];
        random.nextBytes(hash);
        return SegwitAddress.fromHash(BitcoinNetwork.MAINNET, hash).toString();
    }

    private static String txid(Random random) {
        return String.format("%016x%016x%016x%016x", random.nextLong(), random.nextLong(), random.nextLong(),
                random.nextLong());
    }
}
