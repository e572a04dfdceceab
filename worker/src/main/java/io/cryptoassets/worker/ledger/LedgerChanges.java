package io.cryptoassets.worker.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one batch decided to write to one asset's tables, in decision order, so the
 * writes can be issued as a handful of set-based statements.
 */
public final class LedgerChanges {

    final List<Account> openedAccounts = new ArrayList<>();
    final List<AddressRegistration> addresses = new ArrayList<>();
    final List<NewTransaction> transactions = new ArrayList<>();
    final List<Deposit> newDeposits = new ArrayList<>();
    final Set<Deposit> updatedDeposits = new LinkedHashSet<>();
    final List<LedgerEntry> entries = new ArrayList<>();
    final List<PendingEvent> events = new ArrayList<>();
    /** Credited deposits this batch raised CREDITED_DEPOSIT_REORGED for. */
    final List<Deposit> reorgAlerted = new ArrayList<>();
    /**
     * Withdrawals, loaded or made in this batch, that it moved on (approved, rejected, cancelled),
     * each with the last state the batch gave it.
     */
    final Map<TransactionRef, String> withdrawalStates = new LinkedHashMap<>();
    /** Approvers' decisions on withdrawals held for approval. */
    final List<ApprovalRecord> approvals = new ArrayList<>();
    /** Holds placed in this batch, inserted with the last state the batch gave them. */
    final List<Hold> newHolds = new ArrayList<>();
    /** Holds loaded by the batch that it settled (captured, released, expired). */
    final Set<Hold> settledHolds = new LinkedHashSet<>();

    record AddressRegistration(String address, String accountId, java.util.UUID requestId) {
    }

    /** @param decision {@code approve} or {@code reject} */
    record ApprovalRecord(TransactionRef withdrawal, String approverId, String decision, java.util.UUID requestId,
                          String comment) {
    }

    /** Transactions that still need an id: new transfers, withdrawals, deposits and holds. */
    List<TransactionRef> unassignedTransactions() {
        List<TransactionRef> refs = new ArrayList<>();
        transactions.forEach(t -> refs.add(t.ref()));
        newDeposits.forEach(d -> refs.add(d.ref));
        newHolds.forEach(h -> refs.add(h.ref));
        return refs;
    }

    public List<PendingEvent> events() {
        return events;
    }

    /** Raises an alert in this batch's transaction, after the events decided so far. */
    public void alert(PendingEvent.PendingAlert alert) {
        events.add(alert);
    }

    public List<LedgerEntry> entries() {
        return entries;
    }
}
