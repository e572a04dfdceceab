package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.TransferLeg;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.ledger.Decision.Accepted;
import io.cryptoassets.worker.ledger.Decision.Rejected;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a {@link Transfer}, the single move or the form with legs, all or nothing: every move
 * is checked, in order, against the balances as the moves before it would leave them, and only
 * when all pass are they applied. Accounts are changed in place as moves apply, so checking
 * first is what makes a rejection leave nothing behind; there is no undo.
 *
 * <p>Each move is one internal transaction with a debit and a credit entry and a {@code TxUpdate}
 * for each side, carrying the transfer's reference and metadata.
 */
final class TransferLegs {

    private final String asset;
    private final Map<String, Account> accounts;
    private final LedgerChanges changes;

    TransferLegs(String asset, Map<String, Account> accounts, LedgerChanges changes) {
        this.asset = asset;
        this.accounts = accounts;
        this.changes = changes;
    }

    Decision transfer(Transfer request) {
        String key = request.fromAccountId();
        if (request.hasLegs() && !accounts.containsKey(key)) {
            return new Rejected(key, ReasonCode.UNKNOWN_ACCOUNT, "account " + key + " does not exist for " + asset);
        }
        List<TransferLeg> moves = request.moves();
        Rejected refused = check(request, moves);
        if (refused != null) {
            return refused;
        }
        List<TransactionRef> refs = new ArrayList<>(moves.size());
        for (int i = 0; i < moves.size(); i++) {
            refs.add(apply(request, moves.get(i), request.hasLegs() ? i + 1 : null));
        }
        return new Accepted(key, refs.get(0), null, accounts.get(key).standing(), request.hasLegs() ? refs : null);
    }

    /**
     * The first move that could not apply, as the request's rejection, or null when all can.
     * Works on a scratch of the changes the moves before would make, so nothing is touched.
     */
    private Rejected check(Transfer request, List<TransferLeg> moves) {
        Map<String, BigInteger> moved = new HashMap<>();
        for (int i = 0; i < moves.size(); i++) {
            TransferLeg leg = moves.get(i);
            String which = request.hasLegs() ? "leg " + (i + 1) + ": " : "";
            if (leg.fromAccountId().equals(leg.toAccountId())) {
                return rejected(request, ReasonCode.SAME_ACCOUNT, which + "cannot transfer to the same account");
            }
            for (String accountId : List.of(leg.fromAccountId(), leg.toAccountId())) {
                if (!accounts.containsKey(accountId)) {
                    return rejected(request, ReasonCode.UNKNOWN_ACCOUNT,
                            which + "account " + accountId + " does not exist for " + asset);
                }
            }
            Account from = accounts.get(leg.fromAccountId());
            BigInteger available = from.available().add(moved.getOrDefault(from.accountId, BigInteger.ZERO));
            if (available.compareTo(leg.amount()) < 0) {
                return rejected(request, ReasonCode.INSUFFICIENT_BALANCE,
                        which + "available balance " + available + " is less than " + leg.amount());
            }
            Account to = accounts.get(leg.toAccountId());
            BigInteger credited = to.balance.add(moved.getOrDefault(to.accountId, BigInteger.ZERO)).add(leg.amount());
            if (credited.abs().compareTo(AssetLedger.BALANCE_LIMIT) >= 0) {
                return rejected(request, ReasonCode.AMOUNT_OUT_OF_RANGE, which + "crediting " + leg.amount()
                        + " to account " + to.accountId + " would take its balance past 10^78 - 1");
            }
            moved.merge(from.accountId, leg.amount().negate(), BigInteger::add);
            moved.merge(to.accountId, leg.amount(), BigInteger::add);
        }
        return null;
    }

    private TransactionRef apply(Transfer request, TransferLeg leg, Integer position) {
        Account from = accounts.get(leg.fromAccountId());
        Account to = accounts.get(leg.toAccountId());
        BigInteger amount = leg.amount();
        TransactionRef ref = TransactionRef.unassigned();
        changes.transactions.add(new NewTransaction(ref, TransactionType.INTERNAL, TxState.INTERNAL, from.accountId,
                to.accountId, null, amount, request.requestId(), request.label(), null, null, request.reference(),
                request.metadata(), position));
        changes.entries.add(new LedgerEntry(from.accountId, ref, amount.negate(), from.apply(amount.negate())));
        changes.entries.add(new LedgerEntry(to.accountId, ref, amount, to.apply(amount)));
        changes.events.add(update(request, ref, Direction.OUT, from, amount));
        changes.events.add(update(request, ref, Direction.IN, to, amount));
        return ref;
    }

    private static PendingTxUpdate update(Transfer request, TransactionRef ref, Direction direction, Account account,
                                          BigInteger amount) {
        return new PendingTxUpdate(ref, TransactionType.INTERNAL, direction, TxState.INTERNAL, account.accountId,
                null, null, amount, null, 0, true, account.nextEvent(), account.balance, null, account.available(),
                null, request.reference(), request.metadata());
    }

    /** Every rejection is about the request's account, the record key, whichever leg failed. */
    private static Rejected rejected(Transfer request, ReasonCode reason, String detail) {
        return new Rejected(request.fromAccountId(), reason, detail);
    }
}
