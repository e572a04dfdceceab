package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.ledger.Decision.Accepted;
import io.cryptoassets.worker.ledger.Decision.Rejected;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Holds: two-phase reservations, decided in the batch like every request. A hold takes its amount
 * out of the account's available balance without moving it, and settles exactly once: captured
 * (paid by a transfer or a withdrawal, the rest released), released, or expired.
 *
 * <p>Expiry is decided against the batch's clock, the same instant its events carry: a capture or
 * release at or after a hold's {@code expiresAt} expires the hold itself if the expiry round
 * ({@link HoldExpiry}) has not yet, and is refused. Either way the hold's row changes once, under
 * SERIALIZABLE, so its amount comes back exactly once.
 */
final class HoldDecisions {

    /** How a capture pays: as a transfer between accounts, or as a withdrawal. */
    interface Payments {

        Decision transfer(String fromId, String toId, BigInteger amount, UUID requestId, String label);

        Decision withdraw(WithdrawalRequested request);
    }

    private final String asset;
    private final Map<String, Account> accounts;
    private final LedgerChanges changes;
    private final BatchHolds holds;
    private final Instant now;
    private final BigInteger minWithdrawal;
    private final Payments payments;

    HoldDecisions(String asset, Map<String, Account> accounts, LedgerChanges changes, BatchHolds holds, Instant now,
                  BigInteger minWithdrawal, Payments payments) {
        this.asset = asset;
        this.accounts = accounts;
        this.changes = changes;
        this.holds = holds;
        this.now = now;
        this.minWithdrawal = minWithdrawal;
        this.payments = payments;
    }

    /**
     * Places a hold, checked in the documented precedence: the account, its available balance, the
     * hold id, the expiry.
     */
    Decision place(PlaceHold request) {
        Account account = holder(request.accountId());
        if (account == null) {
            return unknownAccount(request.accountId());
        }
        if (account.available().compareTo(request.amount()) < 0) {
            return new Rejected(account.accountId, ReasonCode.INSUFFICIENT_BALANCE,
                    "available balance " + account.available() + " is less than " + request.amount());
        }
        if (holds.find(account.accountId, request.holdId()) != null) {
            return new Rejected(account.accountId, ReasonCode.HOLD_EXISTS,
                    "account " + account.accountId + " already has a hold " + request.holdId());
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            return new Rejected(account.accountId, ReasonCode.HOLD_EXPIRED,
                    "expiresAt " + request.expiresAt() + " is not after " + now);
        }
        Hold hold = holds.place(account, request.holdId(), request.amount(), request.expiresAt(), request.requestId(),
                request.label());
        return new Accepted(account.accountId, hold.ref, null, account.standing());
    }

    Decision release(ReleaseHold request) {
        Account account = holder(request.accountId());
        if (account == null) {
            return unknownAccount(request.accountId());
        }
        Hold hold = holds.find(account.accountId, request.holdId());
        Rejected refused = refusal(account, hold, request.holdId());
        if (refused != null) {
            return refused;
        }
        holds.release(hold, account, TxState.RELEASED, null);
        return new Accepted(account.accountId, hold.ref, null, account.standing());
    }

    /**
     * Captures a hold: first the hold (UNKNOWN_HOLD, HOLD_SETTLED, HOLD_EXPIRED,
     * CAPTURE_EXCEEDS_HOLD), then the payment with every check of a {@code Transfer} or a
     * {@code WithdrawalRequested}. The payment is decided with the hold's amount back in the
     * available balance, since it is what funds it; if the payment is refused the hold is put back
     * as it was, and nothing else changed.
     */
    Decision capture(CaptureHold request) {
        Account account = holder(request.accountId());
        if (account == null) {
            return unknownAccount(request.accountId());
        }
        Hold hold = holds.find(account.accountId, request.holdId());
        Rejected refused = refusal(account, hold, request.holdId());
        if (refused != null) {
            return refused;
        }
        BigInteger amount = request.amount() == null ? hold.amount : request.amount();
        if (amount.compareTo(hold.amount) > 0) {
            return new Rejected(account.accountId, ReasonCode.CAPTURE_EXCEEDS_HOLD,
                    "capture of " + amount + " exceeds hold " + hold.holdId + " of " + hold.amount);
        }
        if (request.toAddress() != null && amount.compareTo(minWithdrawal) < 0) {
            return new Rejected(account.accountId, ReasonCode.AMOUNT_BELOW_MINIMUM, "amount " + amount
                    + " is below the minimum withdrawal of " + minWithdrawal + " for " + asset);
        }
        if (request.toAccountId() != null && request.toAccountId().equals(account.accountId)) {
            return new Rejected(account.accountId, ReasonCode.SAME_ACCOUNT, "cannot capture to the same account");
        }
        int before = changes.events.size();
        account.hold(hold.amount.negate());
        Decision paid = request.toAccountId() != null
                ? payments.transfer(account.accountId, request.toAccountId(), amount, request.requestId(),
                request.label())
                : payments.withdraw(new WithdrawalRequested(request.requestId(), asset, account.accountId,
                request.toAddress(), amount, request.label(), false));
        if (!(paid instanceof Accepted payment)) {
            account.hold(hold.amount);
            Rejected rejected = (Rejected) paid;
            return new Rejected(account.accountId, rejected.reason(), rejected.detail(), rejected.limit());
        }
        nameHold(before, payment.transaction(), hold.holdId);
        BigInteger rest = hold.amount.subtract(amount);
        String to = request.toAccountId() != null ? "account " + request.toAccountId() : request.toAddress();
        holds.captured(hold, account, amount, payment.transaction(),
                "captured " + amount + " to " + to + (rest.signum() == 0 ? "" : ", released " + rest));
        return new Accepted(account.accountId, payment.transaction(), null, account.standing());
    }

    /** The account, unless it is missing or is the network-fee account, which cannot hold. */
    private Account holder(String accountId) {
        Account account = accounts.get(accountId);
        return account == null || account.networkFee ? null : account;
    }

    /**
     * Why a capture or release may not settle {@code hold}; null when it may. A hold whose expiry
     * has come is expired here, in this request's transaction, if the round has not done it yet.
     */
    private Rejected refusal(Account account, Hold hold, String holdId) {
        if (hold == null) {
            return new Rejected(account.accountId, ReasonCode.UNKNOWN_HOLD,
                    "account " + account.accountId + " has no " + asset + " hold " + holdId);
        }
        if (hold.state == TxState.CAPTURED || hold.state == TxState.RELEASED) {
            return new Rejected(account.accountId, ReasonCode.HOLD_SETTLED,
                    "hold " + holdId + " is already " + hold.state.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (hold.state == TxState.EXPIRED || hold.expiredAt(now)) {
            if (hold.open()) {
                holds.release(hold, account, TxState.EXPIRED, expiredDetail(hold));
            }
            return new Rejected(account.accountId, ReasonCode.HOLD_EXPIRED,
                    "hold " + holdId + " expired at " + hold.expiresAt + "; its amount is available again");
        }
        return null;
    }

    static String expiredDetail(Hold hold) {
        return "expired at " + hold.expiresAt;
    }

    /** The payment's updates, made since {@code from}, name the hold they captured. */
    private void nameHold(int from, TransactionRef payment, String holdId) {
        List<PendingEvent> made = changes.events.subList(from, changes.events.size());
        for (int i = 0; i < made.size(); i++) {
            if (made.get(i) instanceof PendingTxUpdate u && u.transaction() == payment) {
                made.set(i, u.withHoldId(holdId));
            }
        }
    }

    private Rejected unknownAccount(String accountId) {
        return new Rejected(accountId, ReasonCode.UNKNOWN_ACCOUNT, "account " + accountId + " does not exist for "
                + asset);
    }
}
