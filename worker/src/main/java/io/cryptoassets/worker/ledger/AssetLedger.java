package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.GetBalance;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.RejectWithdrawal;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.ledger.Decision.Accepted;
import io.cryptoassets.worker.ledger.Decision.Rejected;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import io.cryptoassets.worker.policy.Verdict;
import io.cryptoassets.worker.policy.WithdrawalPolicies;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The slice of one asset's ledger that a batch touches, with the rules that change it.
 *
 * <p>Requests are decided strictly in order against the in-memory state, so a later request in
 * the batch sees the effect of an earlier one exactly as if each had been its own transaction.
 * Nothing here touches the database: the caller loads the slice, and writes
 * {@link #changes()} in bulk in the same serializable transaction.
 */
public final class AssetLedger {

    /** Balances are NUMERIC(78,0): integers of at most 78 digits, so strictly below 10^78 in size. */
    static final BigInteger BALANCE_LIMIT = BigInteger.TEN.pow(78);

    private final String asset;
    private final int confirmationsToCredit;
    private final Map<String, Account> accounts;
    private final Map<String, String> addressOwners;
    private final Map<Deposit.Output, Deposit> deposits;
    private final Function<String, Optional<String>> addressProblem;
    private final LedgerChanges changes = new LedgerChanges();
    private final BatchWithdrawals withdrawals;
    private final WithdrawalCancels cancels;
    private final WithdrawalApprovals approvals;
    private final WithdrawalPolicies policies;
    private final TransferLegs transfers;
    private final HoldDecisions holds;

    AssetLedger(String asset, int confirmationsToCredit, Map<String, Account> accounts,
                Map<String, String> addressOwners, Map<Deposit.Output, Deposit> deposits,
                Function<String, Optional<String>> addressProblem) {
        this(asset, confirmationsToCredit, accounts, addressOwners, deposits, Map.of(), addressProblem);
    }

    /** @param withdrawals the withdrawals the batch's cancels and approvals name, by transaction id */
    AssetLedger(String asset, int confirmationsToCredit, Map<String, Account> accounts,
                Map<String, String> addressOwners, Map<Deposit.Output, Deposit> deposits,
                Map<Long, Withdrawal> withdrawals, Function<String, Optional<String>> addressProblem) {
        this(asset, confirmationsToCredit, accounts, addressOwners, deposits, withdrawals, addressProblem,
                WithdrawalPolicies.none());
    }

    /** @param policies the asset's and the batch's accounts' withdrawal policies, as the batch read them */
    AssetLedger(String asset, int confirmationsToCredit, Map<String, Account> accounts,
                Map<String, String> addressOwners, Map<Deposit.Output, Deposit> deposits,
                Map<Long, Withdrawal> withdrawals, Function<String, Optional<String>> addressProblem,
                WithdrawalPolicies policies) {
        this(asset, confirmationsToCredit, accounts, addressOwners, deposits, withdrawals, addressProblem, policies,
                Map.of(), Instant.now(), BigInteger.ONE);
    }

    /**
     * @param holds         the holds the batch's hold requests name, as the batch read them
     * @param now           the batch's decision time, against which holds expire
     * @param minWithdrawal the asset's minimum withdrawal, which a capture to an address must pay
     */
    AssetLedger(String asset, int confirmationsToCredit, Map<String, Account> accounts,
                Map<String, String> addressOwners, Map<Deposit.Output, Deposit> deposits,
                Map<Long, Withdrawal> withdrawals, Function<String, Optional<String>> addressProblem,
                WithdrawalPolicies policies, Map<Hold.Key, Hold> holds, Instant now, BigInteger minWithdrawal) {
        this.policies = policies;
        this.asset = asset;
        this.confirmationsToCredit = confirmationsToCredit;
        this.accounts = new LinkedHashMap<>(accounts);
        this.addressOwners = new LinkedHashMap<>(addressOwners);
        this.deposits = new LinkedHashMap<>(deposits);
        this.addressProblem = addressProblem;
        this.withdrawals = new BatchWithdrawals(withdrawals, changes);
        this.cancels = new WithdrawalCancels(asset, this.accounts, this.withdrawals);
        this.approvals = new WithdrawalApprovals(asset, this.accounts, changes, this.withdrawals);
        this.transfers = new TransferLegs(asset, this.accounts, changes);
        this.holds = new HoldDecisions(asset, this.accounts, changes, new BatchHolds(holds, changes), now,
                minWithdrawal, new HoldDecisions.Payments() {
                    @Override
                    public Decision transfer(String fromId, String toId, BigInteger amount, java.util.UUID requestId,
                                             String label) {
                        return moveInternally(fromId, toId, amount, requestId, label, null);
                    }

                    @Override
                    public Decision withdraw(WithdrawalRequested request) {
                        return AssetLedger.this.withdraw(request);
                    }
                });
    }

    public LedgerChanges changes() {
        return changes;
    }

    public String asset() {
        return asset;
    }

    Map<String, Account> accounts() {
        return accounts;
    }

    /**
     * Decides one request against the current state and records its effects.
     *
     * @throws IllegalArgumentException for a request kind the ledger does not decide
     *                                  (those are answered before reaching it)
     */
    public Decision decide(Request request) {
        if (request instanceof WithdrawalRequested r) {
            return withdraw(r);
        } else if (request instanceof CancelWithdrawal r) {
            return cancels.cancel(r);
        } else if (request instanceof ApproveWithdrawal r) {
            return approvals.approve(r);
        } else if (request instanceof RejectWithdrawal r) {
            return approvals.reject(r);
        } else if (request instanceof Transfer r) {
            return transfer(r);
        } else if (request instanceof DepositObserved r) {
            return observeDeposit(r);
        } else if (request instanceof OpenAccount r) {
            return openAccount(r);
        } else if (request instanceof GetBalance r) {
            return balance(r);
        } else if (request instanceof PlaceHold r) {
            return holds.place(r);
        } else if (request instanceof CaptureHold r) {
            return holds.capture(r);
        } else if (request instanceof ReleaseHold r) {
            return holds.release(r);
        } else if (request instanceof CreateAddress r && r.address() != null) {
            return registerAddress(r);
        }
        throw new IllegalArgumentException("the ledger does not decide " + request.getClass().getSimpleName());
    }

    public Decision openAccount(OpenAccount request) {
        if (accounts.containsKey(request.accountId())) {
            return new Rejected(request.accountId(), ReasonCode.ACCOUNT_EXISTS,
                    "account " + request.accountId() + " already exists for " + asset);
        }
        Account account = Account.opened(request.accountId(), request.name());
        accounts.put(account.accountId, account);
        changes.openedAccounts.add(account);
        return new Accepted(request.accountId(), null, null);
    }

    /** Answers with the balance and sequence as the batch has them so far, and changes nothing. */
    public Decision balance(GetBalance request) {
        Account account = accounts.get(request.accountId());
        if (account == null) {
            return unknownAccount(request.accountId());
        }
        return new Accepted(account.accountId, null, null, account.standing());
    }

    /** The account's balance and sequence as the batch has them so far, if it was loaded or opened. */
    public Optional<AccountBalance> standing(String accountId) {
        return Optional.ofNullable(accounts.get(accountId)).map(Account::standing);
    }

    public Decision registerAddress(CreateAddress request) {
        String address = request.address();
        Optional<String> problem = addressProblem.apply(address);
        if (problem.isPresent()) {
            return new Rejected(request.accountId(), ReasonCode.INVALID_ADDRESS, problem.get());
        }
        if (!accounts.containsKey(request.accountId())) {
            return unknownAccount(request.accountId());
        }
        String owner = addressOwners.get(address);
        if (owner != null && !owner.equals(request.accountId())) {
            return new Rejected(request.accountId(), ReasonCode.ADDRESS_TAKEN,
                    "address is registered to another account");
        }
        if (owner == null) {
            addressOwners.put(address, request.accountId());
            changes.addresses.add(new LedgerChanges.AddressRegistration(address, request.accountId(), request.requestId()));
        }
        return new Accepted(request.accountId(), null, address);
    }

    /** A transfer, single or with legs, all or nothing: see {@link TransferLegs}. */
    public Decision transfer(Transfer request) {
        return transfers.transfer(request);
    }

    /**
     * Decides a withdrawal in the documented precedence: the address, the account, the policies
     * (allow-list, maximum, windows: see {@link WithdrawalPolicies#check}), the balance. One at or
     * above its approval threshold is debited and held in {@code awaiting_approval}.
     */
    public Decision withdraw(WithdrawalRequested request) {
        Optional<String> problem = addressProblem.apply(request.toAddress());
        if (problem.isPresent()) {
            return new Rejected(request.accountId(), ReasonCode.INVALID_ADDRESS, problem.get());
        }
        String owner = addressOwners.get(request.toAddress());
        boolean settlesInside = owner != null && !request.forceExternal();
        if (settlesInside && owner.equals(request.accountId())) {
            return new Rejected(request.accountId(), ReasonCode.SAME_ACCOUNT,
                    "the destination address belongs to the sending account");
        }
        if (!accounts.containsKey(request.accountId())) {
            return unknownAccount(request.accountId());
        }
        Verdict verdict = policies.check(request.accountId(), request.toAddress(), request.amount(), !settlesInside);
        if (verdict instanceof Verdict.Refused refused) {
            return new Rejected(request.accountId(), refused.reason(), refused.detail(), refused.limit());
        }
        if (settlesInside) {
            // Paying one of our own addresses: settle inside the ledger, no network fee.
            Decision settled = moveInternally(request.accountId(), owner, request.amount(), request.requestId(),
                    request.label(), request.toAddress());
            if (settled instanceof Accepted a) {
                withdrawals.made(request.requestId(), new Withdrawal(a.transaction(), Withdrawal.Kind.INTERNAL,
                        request.accountId(), request.toAddress(), request.amount(), "internal", null));
            }
            return settled;
        }
        Account from = accounts.get(request.accountId());
        if (from.available().compareTo(request.amount()) < 0) {
            return insufficient(from, request.amount());
        }
        policies.counted(from.accountId, request.amount());
        Verdict.HoldForApproval hold = verdict instanceof Verdict.HoldForApproval h ? h : null;
        TxState state = hold == null ? TxState.PENDING : TxState.AWAITING_APPROVAL;
        TransactionRef ref = TransactionRef.unassigned();
        changes.transactions.add(new NewTransaction(ref, TransactionType.BROADCAST, state, from.accountId, null,
                request.toAddress(), request.amount(), request.requestId(), request.label(), hold,
                request.requestedBy()));
        BigInteger after = from.apply(request.amount().negate());
        changes.entries.add(new LedgerEntry(from.accountId, ref, request.amount().negate(), after));
        changes.events.add(new PendingTxUpdate(ref, TransactionType.BROADCAST, Direction.OUT, state,
                from.accountId, request.toAddress(), null, request.amount(), null, 0, true, from.nextEvent(),
                from.balance, hold == null ? null : hold.detail()).withAvailable(from.available()));
        withdrawals.made(request.requestId(), new Withdrawal(ref, Withdrawal.Kind.BROADCAST, from.accountId,
                request.toAddress(), request.amount(), state.name().toLowerCase(java.util.Locale.ROOT), null,
                hold == null ? null : new Withdrawal.Hold(hold.approvalsRequired(), null, false, request.requestedBy())));
        return new Accepted(from.accountId, ref, null, from.standing());
    }

    /**
     * Records an observation of a deposit output. Confirmations follow the latest observation;
     * the account is credited the first time they reach the threshold and never again, whatever
     * the order or number of observations.
     */
    public Decision observeDeposit(DepositObserved request) {
        String owner = addressOwners.get(request.address());
        Deposit.Output output = new Deposit.Output(request.txid(), request.vout());
        Deposit deposit = deposits.get(output);
        if (deposit == null) {
            if (owner == null) {
                return new Rejected(null, ReasonCode.UNKNOWN_ADDRESS, "no account of " + asset + " owns this address");
            }
            if (request.confirmations() >= confirmationsToCredit) {
                Rejected overflow = overflow(accounts.get(owner), request.amount());
                if (overflow != null) {
                    return overflow;
                }
            }
            deposit = new Deposit(TransactionRef.unassigned(), request.txid(), request.vout(), owner,
                    request.address(), request.amount(), request.confirmations(), false, true);
            deposits.put(output, deposit);
            changes.newDeposits.add(deposit);
            boolean credited = creditIfConfirmed(deposit);
            return accepted(deposit, credited);
        }
        if (!deposit.amount.equals(request.amount()) || !deposit.address.equals(request.address())) {
            changes.events.add(new PendingAlert(AlertKind.DEPOSIT_AMOUNT_MISMATCH,
                    "an observation of " + request.txid() + ":" + request.vout() + " contradicts the recorded output",
                    Map.of("txid", request.txid(), "vout", Integer.toString(request.vout()),
                            "recordedAmount", deposit.amount.toString(), "observedAmount", request.amount().toString(),
                            "recordedAddress", deposit.address, "observedAddress", request.address())));
            return new Rejected(deposit.accountId, ReasonCode.DEPOSIT_MISMATCH,
                    "recorded output has amount " + deposit.amount + " to " + deposit.address);
        }
        if (deposit.confirmations != request.confirmations()) {
            if (!deposit.credited && request.confirmations() >= confirmationsToCredit) {
                Rejected overflow = overflow(accounts.get(deposit.accountId), deposit.amount);
                if (overflow != null) {
                    return overflow;
                }
            }
            deposit.confirmations = request.confirmations();
            if (!deposit.created) {
                changes.updatedDeposits.add(deposit);
            }
            if (deposit.credited && deposit.confirmations < confirmationsToCredit && !deposit.reorgAlerted) {
                // Never debit silently: a reorganisation needs a person to look at it, once.
                deposit.reorgAlerted = true;
                changes.reorgAlerted.add(deposit);
                changes.events.add(new PendingAlert(AlertKind.CREDITED_DEPOSIT_REORGED,
                        "credited deposit dropped to " + deposit.confirmations + " confirmations",
                        Map.of("txid", deposit.txid, "vout", Integer.toString(deposit.vout),
                                "accountId", deposit.accountId, "amount", deposit.amount.toString(),
                                "confirmations", Integer.toString(deposit.confirmations))));
            }
            return accepted(deposit, creditIfConfirmed(deposit));
        }
        return new Accepted(deposit.accountId, deposit.ref, null);
    }

    /** Credits the deposit once it has the confirmations; tells whether this call credited it. */
    private boolean creditIfConfirmed(Deposit deposit) {
        if (!deposit.credited && deposit.confirmations >= confirmationsToCredit) {
            deposit.credited = true;
            Account account = accounts.get(deposit.accountId);
            BigInteger after = account.apply(deposit.amount);
            changes.entries.add(new LedgerEntry(account.accountId, deposit.ref, deposit.amount, after));
            return true;
        }
        return false;
    }

    /** Tells the account of the deposit's new state; the result names the balance when it was credited now. */
    private Accepted accepted(Deposit deposit, boolean creditedNow) {
        Account account = accounts.get(deposit.accountId);
        changes.events.add(new PendingTxUpdate(deposit.ref, TransactionType.DEPOSIT, Direction.IN,
                deposit.credited ? TxState.CREDITED : TxState.INCOMING, account.accountId, deposit.address,
                deposit.txid, deposit.amount, null, deposit.confirmations, deposit.credited, account.nextEvent(),
                account.balance).withAvailable(account.available()));
        return new Accepted(account.accountId, deposit.ref, null, creditedNow ? account.standing() : null);
    }

    private Decision moveInternally(String fromId, String toId, BigInteger amount, java.util.UUID requestId,
                                    String label, String address) {
        Account from = accounts.get(fromId);
        if (from == null) {
            return unknownAccount(fromId);
        }
        Account to = accounts.get(toId);
        if (to == null) {
            return new Rejected(fromId, ReasonCode.UNKNOWN_ACCOUNT, "account " + toId + " does not exist for " + asset);
        }
        if (from.available().compareTo(amount) < 0) {
            return insufficient(from, amount);
        }
        Rejected overflow = overflow(to, amount);
        if (overflow != null) {
            return new Rejected(fromId, overflow.reason(), overflow.detail());
        }
        TransactionRef ref = TransactionRef.unassigned();
        changes.transactions.add(new NewTransaction(ref, TransactionType.INTERNAL, TxState.INTERNAL,
                fromId, toId, address, amount, requestId, label));
        changes.entries.add(new LedgerEntry(fromId, ref, amount.negate(), from.apply(amount.negate())));
        changes.entries.add(new LedgerEntry(toId, ref, amount, to.apply(amount)));
        changes.events.add(new PendingTxUpdate(ref, TransactionType.INTERNAL, Direction.OUT, TxState.INTERNAL,
                fromId, address, null, amount, null, 0, true, from.nextEvent(), from.balance)
                .withAvailable(from.available()));
        changes.events.add(new PendingTxUpdate(ref, TransactionType.INTERNAL, Direction.IN, TxState.INTERNAL,
                toId, address, null, amount, null, 0, true, to.nextEvent(), to.balance)
                .withAvailable(to.available()));
        return new Accepted(fromId, ref, null, from.standing());
    }

    private Rejected unknownAccount(String accountId) {
        return new Rejected(accountId, ReasonCode.UNKNOWN_ACCOUNT, "account " + accountId + " does not exist for " + asset);
    }

    /**
     * Refuses a credit the balance column could not hold, before anything changes: found here,
     * it is an answer for this request; found by PostgreSQL (22003), it would fail the batch.
     */
    static Rejected overflow(Account to, BigInteger credit) {
        if (to.balance.add(credit).abs().compareTo(BALANCE_LIMIT) < 0) {
            return null;
        }
        return new Rejected(to.accountId, ReasonCode.AMOUNT_OUT_OF_RANGE,
                "crediting " + credit + " to account " + to.accountId + " would take its balance past 10^78 - 1");
    }

    private static Rejected insufficient(Account from, BigInteger amount) {
        return new Rejected(from.accountId, ReasonCode.INSUFFICIENT_BALANCE,
                "available balance " + from.available() + " is less than " + amount);
    }
}
