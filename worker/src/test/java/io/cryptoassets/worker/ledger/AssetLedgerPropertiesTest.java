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
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The ledger's decisions against a deliberately naive reference model of balances: for any
 * sequence of opens, deposits, transfers and withdrawals, both agree on every outcome and on
 * every balance, balances never go negative, and entries always sum to balances.
 */
class AssetLedgerPropertiesTest {

    private static final List<String> ACCOUNTS = List.of("a", "b", "c");
    private static final int THRESHOLD = 3;
    private static final Map<String, String> OWNERS = Map.of("addr-a", "a", "addr-b", "b");

    @Property(tries = 300)
    void decisionsAgreeWithAReferenceModel(@ForAll("operations") List<Request> operations) {
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

    @Provide
    Arbitrary<List<Request>> operations() {
        Arbitrary<String> account = Arbitraries.of(ACCOUNTS);
        Arbitrary<BigInteger> amount = Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(50));
        Arbitrary<Request> open = account.map(a -> new OpenAccount(UUID.randomUUID(), "BTC", a, null));
        Arbitrary<Request> transfer = Combinators.combine(account, account, amount)
                .as((from, to, value) -> new Transfer(UUID.randomUUID(), "BTC", from, to, value, null));
        Arbitrary<String> destination = Arbitraries.of("external-address", "addr-a", "addr-b", "addr-c");
        Arbitrary<Request> withdrawal = Combinators.combine(account, destination, amount)
                .as((from, to, value) -> new WithdrawalRequested(UUID.randomUUID(), "BTC", from, to,
                        value, null, false));
        // Few outputs and two possible amounts per output, so repeats and mismatches both happen.
        Arbitrary<Request> deposit = Combinators.combine(account, Arbitraries.integers().between(0, 3),
                        Arbitraries.of(BigInteger.valueOf(40), BigInteger.valueOf(41)), Arbitraries.integers().between(0, 5))
                .as((owner, vout, value, confirmations) -> new DepositObserved(null, "BTC", "tx" + owner, vout,
                        "addr-" + owner, value, confirmations, null));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(2, open), net.jqwik.api.Tuple.of(4, deposit),
                        net.jqwik.api.Tuple.of(3, transfer), net.jqwik.api.Tuple.of(3, withdrawal))
                .list().ofMinSize(1).ofMaxSize(60);
    }
}
