package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.ContractJson;
import io.cryptoassets.worker.asset.AssetProperties;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes one asset's {@link LedgerChanges} with one statement per table, whatever the batch
 * size: values travel as arrays and are unnested by PostgreSQL. Ids for new transactions are
 * allocated first, in one query, so that events can name them. Each ledger entry is hashed
 * here onto its account's chain ({@link LedgerChain}), from the chain head the batch loaded
 * with the account; the new head goes back with the account's balance, so the chain costs no
 * extra statement.
 */
final class LedgerWriter {

    private static final String ALLOCATE_IDS = """
            SELECT nextval(pg_get_serial_sequence('%s.transaction', 'id'))
            FROM generate_series(1, :count)
            """;

    private static final String INSERT_ACCOUNTS = """
            INSERT INTO %s.account (account_id, name)
            SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:names AS text[]))
            """;

    private static final String UPDATE_ACCOUNTS = """
            UPDATE %s.account AS a
            SET balance = v.balance, held = v.held, event_sequence = v.event_sequence,
                chain_head = decode(v.chain_head, 'hex')
            FROM unnest(CAST(:ids AS text[]), CAST(:balances AS numeric[]), CAST(:held AS numeric[]),
                        CAST(:sequences AS bigint[]), CAST(:heads AS text[]))
                AS v(account_id, balance, held, event_sequence, chain_head)
            WHERE a.account_id = v.account_id
            """;

    private static final String INSERT_ADDRESSES = """
            INSERT INTO %s.address (address, account_id, request_id)
            SELECT * FROM unnest(CAST(:addresses AS text[]), CAST(:accounts AS text[]), CAST(:requests AS uuid[]))
            """;

    private static final String INSERT_TRANSACTIONS = """
            INSERT INTO %s.transaction (id, type, state, account_id, counterparty_account_id, address, amount,
                                        txid, vout, confirmations, credited, request_id, label,
                                        approvals_required, approval_deadline, requested_by, reference, metadata, leg)
            SELECT id, type, state, account_id, counterparty, address, amount, txid, vout, confirmations, credited,
                   request_id, label, approvals_required,
                   CASE WHEN approval_seconds IS NULL THEN NULL ELSE now() + make_interval(secs => approval_seconds) END,
                   requested_by, reference, metadata, leg
            FROM unnest(CAST(:ids AS bigint[]), CAST(:types AS text[]), CAST(:states AS text[]),
                        CAST(:accounts AS text[]), CAST(:counterparties AS text[]), CAST(:addresses AS text[]),
                        CAST(:amounts AS numeric[]), CAST(:txids AS text[]), CAST(:vouts AS int[]),
                        CAST(:confirmations AS int[]), CAST(:credited AS boolean[]),
                        CAST(:requests AS uuid[]), CAST(:labels AS text[]), CAST(:approvals AS int[]),
                        CAST(:approvalSeconds AS float8[]), CAST(:requestedBy AS text[]),
                        CAST(:references AS text[]), CAST(:metadata AS jsonb[]), CAST(:legs AS smallint[]))
                AS v(id, type, state, account_id, counterparty, address, amount, txid, vout, confirmations, credited,
                     request_id, label, approvals_required, approval_seconds, requested_by, reference, metadata, leg)
            """;

    private static final String UPDATE_DEPOSITS = """
            UPDATE %s.transaction AS t
            SET confirmations = v.confirmations, credited = v.credited, state = v.state, updated_at = now()
            FROM unnest(CAST(:ids AS bigint[]), CAST(:confirmations AS int[]), CAST(:credited AS boolean[]),
                        CAST(:states AS text[])) AS v(id, confirmations, credited, state)
            WHERE t.id = v.id
            """;

    /** One network transaction per deposit txid, following the latest observed confirmations. */
    private static final String UPSERT_DEPOSIT_NETWORK_TRANSACTIONS = """
            INSERT INTO %s.network_transaction (type, txid, confirmations)
            SELECT 'deposit', v.txid, max(v.confirmations)
            FROM unnest(CAST(:txids AS text[]), CAST(:confirmations AS int[])) AS v(txid, confirmations)
            GROUP BY v.txid
            ON CONFLICT (type, txid) DO UPDATE
            SET confirmations = EXCLUDED.confirmations, updated_at = now()
            WHERE network_transaction.confirmations <> EXCLUDED.confirmations
            """;

    private static final String LINK_DEPOSITS = """
            UPDATE %1$s.transaction AS t
            SET network_transaction_id = n.id
            FROM %1$s.network_transaction AS n
            WHERE t.id = ANY(CAST(:ids AS bigint[])) AND n.type = 'deposit' AND n.txid = t.txid
            """;

    private static final String REORG_ALERTED = """
            UPDATE %s.transaction
            SET reorg_alerted_at = now()
            WHERE id = ANY(CAST(:ids AS bigint[])) AND reorg_alerted_at IS NULL
            """;

    /**
     * Withdrawals the batch moved on take their last state: cancelled, failed (rejected) or pending
     * (approved); a cancelled one leaves its broadcast. The batch read each of them held for
     * approval, or pending with its broadcast not yet handed to the node, in this serializable
     * transaction; the conditions here only make a contradiction loud instead of silent.
     */
    private static final String MOVE_WITHDRAWALS = """
            UPDATE %s.transaction AS t
            SET state = v.state, network_transaction_id = NULL, updated_at = now()
            FROM unnest(CAST(:ids AS bigint[]), CAST(:states AS text[])) AS v(id, state)
            WHERE t.id = v.id AND t.type = 'broadcast' AND t.state IN ('awaiting_approval', 'pending')
            """;

    /** After the transactions: a hold captured in the batch that placed it names its capture. */
    private static final String INSERT_HOLDS = """
            INSERT INTO %s.transaction (id, type, state, account_id, amount, credited, request_id, label, hold_id,
                                        expires_at, captured_amount, settled_at, settled_by)
            SELECT id, 'hold', state, account_id, amount, false, request_id, label, hold_id, expires_at,
                   captured_amount, CASE WHEN state = 'held' THEN NULL ELSE CAST(:settledAt AS timestamptz) END,
                   settled_by
            FROM unnest(CAST(:ids AS bigint[]), CAST(:states AS text[]), CAST(:accounts AS text[]),
                        CAST(:amounts AS numeric[]), CAST(:requests AS uuid[]), CAST(:labels AS text[]),
                        CAST(:holdIds AS text[]), CAST(:expiries AS timestamptz[]), CAST(:captured AS numeric[]),
                        CAST(:settledBy AS bigint[]))
                AS v(id, state, account_id, amount, request_id, label, hold_id, expires_at, captured_amount,
                     settled_by)
            """;

    /**
     * Holds the batch read open and settled. The batch read each of them in this serializable
     * transaction, so a concurrent settlement (an expiry round, another batch) makes one of the two
     * fail and retry; the state condition only makes a contradiction loud instead of silent.
     */
    private static final String SETTLE_HOLDS = """
            UPDATE %s.transaction AS t
            SET state = v.state, captured_amount = v.captured_amount, settled_by = v.settled_by,
                settled_at = CAST(:settledAt AS timestamptz), updated_at = now()
            FROM unnest(CAST(:ids AS bigint[]), CAST(:states AS text[]), CAST(:captured AS numeric[]),
                        CAST(:settledBy AS bigint[])) AS v(id, state, captured_amount, settled_by)
            WHERE t.id = v.id AND t.type = 'hold' AND t.state = 'held'
            """;

    private static final String INSERT_APPROVALS = """
            INSERT INTO %s.withdrawal_approval (transaction_id, approver_id, decision, request_id, comment)
            SELECT * FROM unnest(CAST(:transactions AS bigint[]), CAST(:approvers AS text[]),
                                 CAST(:decisions AS text[]), CAST(:requests AS uuid[]), CAST(:comments AS text[]))
            """;

    // In chain order, so each account's entries get ascending ids in the order they were hashed.
    private static final String INSERT_ENTRIES = """
            INSERT INTO %s.ledger_entry (account_id, transaction_id, amount, balance_after, created_at, hash)
            SELECT v.account_id, v.transaction_id, v.amount, v.balance_after, CAST(:createdAt AS timestamptz),
                   decode(v.hash, 'hex')
            FROM unnest(CAST(:accounts AS text[]), CAST(:transactions AS bigint[]),
                        CAST(:amounts AS numeric[]), CAST(:balances AS numeric[]), CAST(:hashes AS text[]))
                WITH ORDINALITY AS v(account_id, transaction_id, amount, balance_after, hash, position)
            ORDER BY v.position
            """;

    private final JdbcClient jdbc;

    LedgerWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Gives every new transaction its id; must run before the batch's events are built. */
    void allocateIds(AssetProperties asset, LedgerChanges changes) {
        List<TransactionRef> refs = changes.unassignedTransactions();
        if (refs.isEmpty()) {
            return;
        }
        List<Long> ids = jdbc.sql(ALLOCATE_IDS.formatted(asset.schemaName().value()))
                .param("count", refs.size()).query(Long.class).list();
        for (int i = 0; i < refs.size(); i++) {
            refs.get(i).assign(ids.get(i));
        }
    }

    void write(AssetProperties asset, AssetLedger ledger) {
        String schema = asset.schemaName().value();
        LedgerChanges changes = ledger.changes();
        OffsetDateTime createdAt = OffsetDateTime.ofInstant(LedgerChain.storable(Instant.now()), ZoneOffset.UTC);
        List<String> hashes = chain(asset, ledger, createdAt.toInstant());
        if (!changes.openedAccounts.isEmpty()) {
            jdbc.sql(INSERT_ACCOUNTS.formatted(schema))
                    .param("ids", changes.openedAccounts.stream().map(a -> a.accountId).toArray(String[]::new))
                    .param("names", changes.openedAccounts.stream().map(a -> a.name).toArray(String[]::new))
                    .update();
        }
        List<Account> changed = ledger.accounts().values().stream().filter(a -> a.changed).toList();
        if (!changed.isEmpty()) {
            jdbc.sql(UPDATE_ACCOUNTS.formatted(schema))
                    .param("ids", changed.stream().map(a -> a.accountId).toArray(String[]::new))
                    .param("balances", changed.stream().map(a -> a.balance.toString()).toArray(String[]::new))
                    .param("held", changed.stream().map(a -> a.held.toString()).toArray(String[]::new))
                    .param("sequences", changed.stream().map(a -> a.eventSequence).toArray(Long[]::new))
                    .param("heads", changed.stream().map(a -> LedgerChain.hex(a.chainHead)).toArray(String[]::new))
                    .update();
        }
        if (!changes.addresses.isEmpty()) {
            jdbc.sql(INSERT_ADDRESSES.formatted(schema))
                    .param("addresses", changes.addresses.stream().map(LedgerChanges.AddressRegistration::address).toArray(String[]::new))
                    .param("accounts", changes.addresses.stream().map(LedgerChanges.AddressRegistration::accountId).toArray(String[]::new))
                    .param("requests", changes.addresses.stream().map(a -> a.requestId() == null ? null : a.requestId().toString()).toArray(String[]::new))
                    .update();
        }
        insertTransactions(schema, changes);
        insertHolds(schema, changes, createdAt);
        settleHolds(schema, changes, createdAt);
        insertApprovals(schema, changes);
        moveWithdrawals(schema, changes);
        updateDeposits(schema, changes);
        trackDepositNetworkTransactions(schema, changes);
        if (!changes.reorgAlerted.isEmpty()) {
            jdbc.sql(REORG_ALERTED.formatted(schema))
                    .param("ids", changes.reorgAlerted.stream().map(d -> d.ref.id()).toArray(Long[]::new))
                    .update();
        }
        if (!changes.entries.isEmpty()) {
            jdbc.sql(INSERT_ENTRIES.formatted(schema))
                    .param("accounts", changes.entries.stream().map(LedgerEntry::accountId).toArray(String[]::new))
                    .param("transactions", changes.entries.stream().map(e -> e.transaction().id()).toArray(Long[]::new))
                    .param("amounts", changes.entries.stream().map(e -> e.amount().toString()).toArray(String[]::new))
                    .param("balances", changes.entries.stream().map(e -> e.balanceAfter().toString()).toArray(String[]::new))
                    .param("hashes", hashes.toArray(String[]::new))
                    .param("createdAt", createdAt)
                    .update();
        }
    }

    /** Hashes the batch's entries in order onto their accounts' chains and moves the heads along. */
    private static List<String> chain(AssetProperties asset, AssetLedger ledger, Instant createdAt) {
        List<String> hashes = new ArrayList<>(ledger.changes().entries.size());
        for (LedgerEntry entry : ledger.changes().entries) {
            Account account = ledger.accounts().get(entry.accountId());
            account.chainHead = LedgerChain.hash(account.chainHead, asset.code(), entry.accountId(),
                    entry.transaction().id(), null, entry.amount(), entry.balanceAfter(), createdAt);
            hashes.add(LedgerChain.hex(account.chainHead));
        }
        return hashes;
    }

    /** After the inserts: a withdrawal made and approved or cancelled in this batch moves on here too. */
    private void moveWithdrawals(String schema, LedgerChanges changes) {
        if (changes.withdrawalStates.isEmpty()) {
            return;
        }
        Long[] ids = changes.withdrawalStates.keySet().stream().map(TransactionRef::id).toArray(Long[]::new);
        int moved = jdbc.sql(MOVE_WITHDRAWALS.formatted(schema)).param("ids", ids)
                .param("states", changes.withdrawalStates.values().toArray(String[]::new)).update();
        if (moved != ids.length) {
            throw new IllegalStateException("moved " + moved + " of " + ids.length + " withdrawals the batch read as"
                    + " awaiting approval or pending: the serializable snapshot was not respected");
        }
    }

    private void insertHolds(String schema, LedgerChanges changes, OffsetDateTime settledAt) {
        List<Hold> holds = changes.newHolds;
        if (holds.isEmpty()) {
            return;
        }
        jdbc.sql(INSERT_HOLDS.formatted(schema))
                .param("ids", holds.stream().map(h -> h.ref.id()).toArray(Long[]::new))
                .param("states", holds.stream().map(h -> lowerCase(h.state)).toArray(String[]::new))
                .param("accounts", holds.stream().map(h -> h.accountId).toArray(String[]::new))
                .param("amounts", holds.stream().map(h -> h.amount.toString()).toArray(String[]::new))
                .param("requests", holds.stream().map(h -> h.requestId.toString()).toArray(String[]::new))
                .param("labels", holds.stream().map(h -> h.label).toArray(String[]::new))
                .param("holdIds", holds.stream().map(h -> h.holdId).toArray(String[]::new))
                // ISO-8601 in UTC, which timestamptz reads exactly; the driver binds no arrays of times.
                .param("expiries", holds.stream().map(h -> h.expiresAt == null ? null : h.expiresAt.toString())
                        .toArray(String[]::new))
                .param("captured", holds.stream().map(LedgerWriter::captured).toArray(String[]::new))
                .param("settledBy", holds.stream().map(LedgerWriter::settledBy).toArray(Long[]::new))
                .param("settledAt", settledAt)
                .update();
    }

    private void settleHolds(String schema, LedgerChanges changes, OffsetDateTime settledAt) {
        List<Hold> holds = List.copyOf(changes.settledHolds);
        if (holds.isEmpty()) {
            return;
        }
        int settled = jdbc.sql(SETTLE_HOLDS.formatted(schema))
                .param("ids", holds.stream().map(h -> h.ref.id()).toArray(Long[]::new))
                .param("states", holds.stream().map(h -> lowerCase(h.state)).toArray(String[]::new))
                .param("captured", holds.stream().map(LedgerWriter::captured).toArray(String[]::new))
                .param("settledBy", holds.stream().map(LedgerWriter::settledBy).toArray(Long[]::new))
                .param("settledAt", settledAt)
                .update();
        if (settled != holds.size()) {
            throw new IllegalStateException("settled " + settled + " of " + holds.size() + " holds the batch read as"
                    + " held: the serializable snapshot was not respected");
        }
    }

    private static String captured(Hold hold) {
        return hold.capturedAmount == null ? null : hold.capturedAmount.toString();
    }

    private static Long settledBy(Hold hold) {
        return hold.settledBy == null ? null : hold.settledBy.id();
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private void insertApprovals(String schema, LedgerChanges changes) {
        List<LedgerChanges.ApprovalRecord> approvals = changes.approvals;
        if (approvals.isEmpty()) {
            return;
        }
        jdbc.sql(INSERT_APPROVALS.formatted(schema))
                .param("transactions", approvals.stream().map(a -> a.withdrawal().id()).toArray(Long[]::new))
                .param("approvers", approvals.stream().map(LedgerChanges.ApprovalRecord::approverId).toArray(String[]::new))
                .param("decisions", approvals.stream().map(LedgerChanges.ApprovalRecord::decision).toArray(String[]::new))
                .param("requests", approvals.stream().map(a -> a.requestId().toString()).toArray(String[]::new))
                .param("comments", approvals.stream().map(LedgerChanges.ApprovalRecord::comment).toArray(String[]::new))
                .update();
    }

    private void insertTransactions(String schema, LedgerChanges changes) {
        List<TransactionRow> rows = new ArrayList<>();
        changes.transactions.forEach(t -> rows.add(TransactionRow.of(t)));
        changes.newDeposits.forEach(d -> rows.add(TransactionRow.of(d)));
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql(INSERT_TRANSACTIONS.formatted(schema))
                .param("ids", rows.stream().map(TransactionRow::id).toArray(Long[]::new))
                .param("types", rows.stream().map(TransactionRow::type).toArray(String[]::new))
                .param("states", rows.stream().map(TransactionRow::state).toArray(String[]::new))
                .param("accounts", rows.stream().map(TransactionRow::accountId).toArray(String[]::new))
                .param("counterparties", rows.stream().map(TransactionRow::counterparty).toArray(String[]::new))
                .param("addresses", rows.stream().map(TransactionRow::address).toArray(String[]::new))
                .param("amounts", rows.stream().map(TransactionRow::amount).toArray(String[]::new))
                .param("txids", rows.stream().map(TransactionRow::txid).toArray(String[]::new))
                .param("vouts", rows.stream().map(TransactionRow::vout).toArray(Integer[]::new))
                .param("confirmations", rows.stream().map(TransactionRow::confirmations).toArray(Integer[]::new))
                .param("credited", rows.stream().map(TransactionRow::credited).toArray(Boolean[]::new))
                .param("requests", rows.stream().map(TransactionRow::requestId).toArray(String[]::new))
                .param("labels", rows.stream().map(TransactionRow::label).toArray(String[]::new))
                .param("approvals", rows.stream().map(TransactionRow::approvalsRequired).toArray(Integer[]::new))
                .param("approvalSeconds", rows.stream().map(TransactionRow::approvalSeconds).toArray(Double[]::new))
                .param("requestedBy", rows.stream().map(TransactionRow::requestedBy).toArray(String[]::new))
                .param("references", rows.stream().map(TransactionRow::reference).toArray(String[]::new))
                .param("metadata", rows.stream().map(TransactionRow::metadata).toArray(String[]::new))
                .param("legs", rows.stream().map(TransactionRow::leg).toArray(Integer[]::new))
                .update();
    }

    private void updateDeposits(String schema, LedgerChanges changes) {
        // Deposits created in this batch are inserted with their final state; only older ones update.
        List<Deposit> updated = List.copyOf(changes.updatedDeposits);
        if (updated.isEmpty()) {
            return;
        }
        jdbc.sql(UPDATE_DEPOSITS.formatted(schema))
                .param("ids", updated.stream().map(d -> d.ref.id()).toArray(Long[]::new))
                .param("confirmations", updated.stream().map(d -> d.confirmations).toArray(Integer[]::new))
                .param("credited", updated.stream().map(d -> d.credited).toArray(Boolean[]::new))
                .param("states", updated.stream().map(d -> state(d)).toArray(String[]::new))
                .update();
    }

    private void trackDepositNetworkTransactions(String schema, LedgerChanges changes) {
        List<Deposit> touched = new ArrayList<>(changes.newDeposits);
        touched.addAll(changes.updatedDeposits);
        if (touched.isEmpty()) {
            return;
        }
        jdbc.sql(UPSERT_DEPOSIT_NETWORK_TRANSACTIONS.formatted(schema))
                .param("txids", touched.stream().map(d -> d.txid).toArray(String[]::new))
                .param("confirmations", touched.stream().map(d -> d.confirmations).toArray(Integer[]::new))
                .update();
        if (!changes.newDeposits.isEmpty()) {
            jdbc.sql(LINK_DEPOSITS.formatted(schema))
                    .param("ids", changes.newDeposits.stream().map(d -> d.ref.id()).toArray(Long[]::new))
                    .update();
        }
    }

    static String state(Deposit deposit) {
        return deposit.credited ? "credited" : "incoming";
    }

    /** One row of the transaction insert, whichever kind of transaction it came from. */
    private record TransactionRow(Long id, String type, String state, String accountId, String counterparty,
                                  String address, String amount, String txid, Integer vout, Integer confirmations,
                                  Boolean credited, String requestId, String label, Integer approvalsRequired,
                                  Double approvalSeconds, String requestedBy, String reference, String metadata,
                                  Integer leg) {

        static TransactionRow of(NewTransaction t) {
            return new TransactionRow(t.ref().id(), lower(t.type()), lower(t.state()), t.accountId(),
                    t.counterpartyAccountId(), t.address(), t.amount().toString(), null, null, 0, true,
                    t.requestId() == null ? null : t.requestId().toString(), t.label(),
                    t.approval() == null ? null : t.approval().approvalsRequired(),
                    t.approval() == null ? null : t.approval().within().toMillis() / 1000.0, t.requestedBy(),
                    t.reference(), t.metadata() == null ? null : ContractJson.mapper().writeValueAsString(t.metadata()),
                    t.leg());
        }

        static TransactionRow of(Deposit d) {
            return new TransactionRow(d.ref.id(), "deposit", LedgerWriter.state(d), d.accountId, null, d.address,
                    d.amount.toString(), d.txid, d.vout, d.confirmations, d.credited, null, null, null, null, null,
                    null, null, null);
        }

        private static String lower(Enum<?> value) {
            return value.name().toLowerCase(Locale.ROOT);
        }
    }
}
