package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

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
 * sequence of opens, deposits, transfers and withdrawals, both agree on every outcome and on
 * every balance, balances never go negative, and entries always sum to balances. Sequences come
 * from a seeded generator, so a failure names the seed that reproduces it.
 */
class AssetLedgerPropertiesTest {

    private static final List<String> ACCOUNTS = List.of("a", "b", "c");
    private static final int THRESHOLD = 3;
    private static final Map<String, String> OWNERS = Map.of("addr-a", "a", "addr-b", "b");

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decisionsAgreeWithAReferenceModel(long seed) {
        List<Request> operations = operations(new Random(seed));
        // a and b exist with an address each; c must be opened first and owns no address.
        AssetLedger ledger = new AssetLedger("BTC", THRESHOLD,
                Map.of("a", existing("a"), "b", existing("b")),
                Map.of("addr-a", "a", "addr-b", "b"), Map.of(), address -> Optional.empty());
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
    }

    private static Account existing(String id) {
        return new Account(id, null, false, false, BigInteger.ZERO, 0);
    }

    /** Balances only; a deposit output is credited the first time it reaches the threshold. */
    private static final class Reference {
        final Map<String, BigInteger> balances = new HashMap<>();
        final Map<String, BigInteger> depositAmounts = new HashMap<>();
        final Set<String> credited = new HashSet<>();

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
                return move(r.accountId(), owner, r.amount());
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
        int count = 1 + random.nextInt(60);
        for (int i = 0; i < count; i++) {
            String account = pick(random, ACCOUNTS);
            BigInteger amount = BigInteger.valueOf(1 + random.nextInt(50));
            int kind = random.nextInt(12);
            if (kind < 2) {
                operations.add(new OpenAccount(UUID.randomUUID(), "BTC", account, null));
            } else if (kind < 6) {
                operations.add(new DepositObserved(null, "BTC", "tx" + account, random.nextInt(4), "addr-" + account,
                        BigInteger.valueOf(40 + random.nextInt(2)), random.nextInt(6), null));
            } else if (kind < 9) {
                operations.add(new Transfer(UUID.randomUUID(), "BTC", account, pick(random, ACCOUNTS), amount, null));
            } else {
                String destination = pick(random, List.of("external-address", "addr-a", "addr-b", "addr-c"));
                operations.add(new WithdrawalRequested(UUID.randomUUID(), "BTC", account, destination, amount, null, false));
            }
        }
        return operations;
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
