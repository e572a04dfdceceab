package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ledger's decisions against a deliberately naive reference model of balances: for any
 * sequence of opens, deposits, transfers, withdrawals and cancels (of withdrawals made earlier in
 * the sequence, or of withdrawals loaded from before it, in every state), both agree on every
 * outcome and on every balance, balances never go negative, and entries always sum to balances.
 * Sequences come from a seeded generator, so a failure names the seed that reproduces it.
 */
class AssetLedgerPropertiesTest {

    private static final List<String> ACCOUNTS = List.of("a", "b", "c");
    private static final int THRESHOLD = 3;
    private static final Map<String, String> OWNERS = Map.of("addr-a", "a", "addr-b", "b");

    /** A withdrawal as the reference sees it: cancellable while pending and not handed to the node. */
    private static final class Known {
        final String accountId;
        final BigInteger amount;
        final boolean internal;
        String state;
        final String broadcastState;

        Known(String accountId, BigInteger amount, boolean internal, String state, String broadcastState) {
            this.accountId = accountId;
            this.amount = amount;
            this.internal = internal;
            this.state = state;
            this.broadcastState = broadcastState;
        }
    }

    /** Withdrawals from before the sequence, by transaction id: one of each kind a cancel can meet. */
    private static Map<Long, Known> loadedBefore() {
        Map<Long, Known> known = new HashMap<>();
        known.put(1L, new Known("a", BigInteger.valueOf(30), false, "pending", null));
        known.put(2L, new Known("b", BigInteger.valueOf(20), false, "pending", "grouped"));
        known.put(3L, new Known("a", BigInteger.valueOf(10), false, "pending", "signing"));
        known.put(4L, new Known("b", BigInteger.valueOf(5), false, "pending", "opened"));
        known.put(5L, new Known("a", BigInteger.valueOf(7), false, "broadcasted", "sent"));
        known.put(6L, new Known("b", BigInteger.valueOf(9), false, "failed", null));
        known.put(7L, new Known("a", BigInteger.valueOf(11), false, "cancelled", null));
        known.put(8L, new Known("b", BigInteger.valueOf(12), true, "internal", null));
        return known;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decisionsAgreeWithAReferenceModel(long seed) {
        List<Request> operations = operations(new Random(seed));
        // a and b exist with an address each; c must be opened first and owns no address.
        Map<Long, Withdrawal> loaded = new HashMap<>();
        loadedBefore().forEach((id, w) -> loaded.put(id, new Withdrawal(TransactionRef.existing(id),
                w.internal ? Withdrawal.Kind.INTERNAL : Withdrawal.Kind.BROADCAST, w.accountId, "external-address",
                w.amount, w.state, w.broadcastState)));
        AssetLedger ledger = new AssetLedger("BTC", THRESHOLD,
                Map.of("a", existing("a"), "b", existing("b")),
                Map.of("addr-a", "a", "addr-b", "b"), Map.of(), loaded, address -> Optional.empty());
        Reference reference = new Reference();
        reference.balances.put("a", BigInteger.ZERO);
        reference.balances.put("b", BigInteger.ZERO);

        for (Request request : operations) {
            Decision decision = ledger.decide(request);
            Optional<ReasonCode> expected = reference.apply(request);
            if (expected.isEmpty()) {
                assertThat(decision).as("%s", request).isInstanceOf(Decision.Accepted.class);
            } else {
                assertThat(decision).as("%s", request).isInstanceOf(Decision.Rejected.class);
                assertThat(((Decision.Rejected) decision).reason()).isEqualTo(expected.get());
            }
        }

        Map<String, BigInteger> entrySums = new HashMap<>();
        for (LedgerEntry entry : ledger.changes().entries()) {
            entrySums.merge(entry.accountId(), entry.amount(), BigInteger::add);
            assertThat(entry.balanceAfter().signum()).isNotNegative();
        }
        for (Account account : ledger.accounts().values()) {
            assertThat(account.balance).as(account.accountId).isEqualTo(reference.balances.get(account.accountId));
            assertThat(account.balance).isEqualTo(entrySums.getOrDefault(account.accountId, BigInteger.ZERO));
        }
        assertThat(ledger.accounts().keySet()).isEqualTo(reference.balances.keySet());
        assertThat(ledger.changes().withdrawalStates.values()).filteredOn("cancelled"::equals).hasSize(reference.cancels);
    }

    private static Account existing(String id) {
        return new Account(id, null, false, false, BigInteger.ZERO, 0);
    }

    /** Balances only; a deposit output is credited the first time it reaches the threshold. */
    private static final class Reference {
        final Map<String, BigInteger> balances = new HashMap<>();
        final Map<String, BigInteger> depositAmounts = new HashMap<>();
        final Set<String> credited = new HashSet<>();
        final Map<Long, Known> loaded = loadedBefore();
        final Map<UUID, Known> requested = new HashMap<>();
        int cancels;

        Optional<ReasonCode> apply(Request request) {
            if (request instanceof OpenAccount r) {
                return balances.putIfAbsent(r.accountId(), BigInteger.ZERO) == null
                        ? Optional.empty() : Optional.of(ReasonCode.ACCOUNT_EXISTS);
            }
            if (request instanceof Transfer r) {
                if (r.fromAccountId().equals(r.toAccountId())) {
                    return Optional.of(ReasonCode.SAME_ACCOUNT);
                }
                if (!balances.containsKey(r.fromAccountId()) || !balances.containsKey(r.toAccountId())) {
                    return Optional.of(ReasonCode.UNKNOWN_ACCOUNT);
                }
                return move(r.fromAccountId(), r.toAccountId(), r.amount());
            }
            if (request instanceof WithdrawalRequested r) {
                String owner = OWNERS.get(r.toAddress());
                if (owner != null && owner.equals(r.accountId())) {
                    return Optional.of(ReasonCode.SAME_ACCOUNT);
                }
                if (!balances.containsKey(r.accountId())) {
                    return Optional.of(ReasonCode.UNKNOWN_ACCOUNT);
                }
                Optional<ReasonCode> moved = move(r.accountId(), owner, r.amount());
                if (moved.isEmpty()) {
                    requested.put(r.requestId(), new Known(r.accountId(), r.amount(), owner != null,
                            owner != null ? "internal" : "pending", null));
                }
                return moved;
            }
            if (request instanceof CancelWithdrawal r) {
                return cancel(r);
            }
            DepositObserved r = (DepositObserved) request;
            String output = r.txid() + ":" + r.vout();
            String owner = OWNERS.get(r.address());
            BigInteger recorded = depositAmounts.get(output);
            if (recorded == null && owner == null) {
                return Optional.of(ReasonCode.UNKNOWN_ADDRESS);
            }
            if (recorded != null && !recorded.equals(r.amount())) {
                return Optional.of(ReasonCode.DEPOSIT_MISMATCH);
            }
            depositAmounts.put(output, r.amount());
            if (r.confirmations() >= THRESHOLD && credited.add(output)) {
                balances.merge(owner, r.amount(), BigInteger::add);
            }
            return Optional.empty();
        }

        private Optional<ReasonCode> cancel(CancelWithdrawal r) {
            if (!balances.containsKey(r.accountId())) {
                return Optional.of(ReasonCode.UNKNOWN_ACCOUNT);
            }
            Known w = r.withdrawalRequestId() != null ? requested.get(r.withdrawalRequestId()) : loaded.get(r.transactionId());
            if (w == null || !w.accountId.equals(r.accountId())) {
                return Optional.of(ReasonCode.UNKNOWN_WITHDRAWAL);
            }
            if (w.internal || w.state.equals("failed") || w.state.equals("cancelled")) {
                return Optional.of(ReasonCode.WITHDRAWAL_ENDED);
            }
            if (!w.state.equals("pending") || (w.broadcastState != null && !w.broadcastState.equals("grouped"))) {
                return Optional.of(ReasonCode.ALREADY_BROADCAST);
            }
            w.state = "cancelled";
            balances.merge(w.accountId, w.amount, BigInteger::add);
            cancels++;
            return Optional.empty();
        }

        private Optional<ReasonCode> move(String from, String to, BigInteger amount) {
            if (balances.get(from).compareTo(amount) < 0) {
                return Optional.of(ReasonCode.INSUFFICIENT_BALANCE);
            }
            balances.merge(from, amount.negate(), BigInteger::add);
            if (to != null) {
                balances.merge(to, amount, BigInteger::add);
            }
            return Optional.empty();
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    /** 1 to 60 requests; few accounts, outputs and amounts, so repeats, mismatches and overdrafts all happen. */
    private static List<Request> operations(Random random) {
        List<Request> operations = new java.util.ArrayList<>();
        List<UUID> withdrawals = new java.util.ArrayList<>(List.of(UUID.randomUUID())); // one never requested
        int count = 1 + random.nextInt(60);
        for (int i = 0; i < count; i++) {
            String account = pick(random, ACCOUNTS);
            BigInteger amount = BigInteger.valueOf(1 + random.nextInt(50));
            int kind = random.nextInt(15);
            if (kind < 2) {
                operations.add(new OpenAccount(UUID.randomUUID(), "BTC", account, null));
            } else if (kind < 6) {
                operations.add(new DepositObserved(null, "BTC", "tx" + account, random.nextInt(4), "addr-" + account,
                        BigInteger.valueOf(40 + random.nextInt(2)), random.nextInt(6), null));
            } else if (kind < 9) {
                operations.add(new Transfer(UUID.randomUUID(), "BTC", account, pick(random, ACCOUNTS), amount, null));
            } else if (kind < 12) {
                String destination = pick(random, List.of("external-address", "addr-a", "addr-b", "addr-c"));
                UUID id = UUID.randomUUID();
                withdrawals.add(id);
                operations.add(new WithdrawalRequested(id, "BTC", account, destination, amount, null, false));
            } else if (kind < 14) {
                // Mostly the withdrawal's own account, sometimes another: that one is not theirs to cancel.
                operations.add(CancelWithdrawal.ofRequest(UUID.randomUUID(), "BTC", account, pick(random, withdrawals)));
            } else {
                operations.add(CancelWithdrawal.ofTransaction(UUID.randomUUID(), "BTC", account, 1 + random.nextInt(9)));
            }
        }
        return operations;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
