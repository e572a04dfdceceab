package io.cryptoassets.worker.audit;

import java.util.List;

/** The invariants {@code audit} checks for every asset, in the order they are reported. */
final class AuditChecks {

    private AuditChecks() {
    }

    static final List<AuditCheck> ALL = List.of(
            new AuditCheck("every balance equals the sum of its ledger entries", """
                    SELECT 'account ' || a.account_id || ': balance ' || a.balance || ', entries sum to '
                           || coalesce(sum(e.amount), 0)
                    FROM %1$s.account a
                    LEFT JOIN %1$s.ledger_entry e ON e.account_id = a.account_id
                    GROUP BY a.account_id, a.balance
                    HAVING a.balance <> coalesce(sum(e.amount), 0)
                    """),
            new AuditCheck("every last ledger entry records the balance", """
                    SELECT 'account ' || a.account_id || ': balance ' || a.balance || ', last entry says ' || e.balance_after
                    FROM %1$s.account a
                    JOIN LATERAL (SELECT balance_after FROM %1$s.ledger_entry
                                  WHERE account_id = a.account_id ORDER BY id DESC LIMIT 1) e ON true
                    WHERE e.balance_after <> a.balance
                    """),
            // The hash of ledger/LedgerChain, recomputed in SQL from what is stored: an entry changed
            // after it was written fails here, and so does the entry after one that was removed. Each
            // account's chain is reported at its first broken entry. Entries written before the hash
            // existed have none and come before the asset's first hashed entry; any later entry
            // without a hash is broken too.
            new AuditCheck("every ledger entry is on its account's hash chain", """
                    WITH chained AS (
                        SELECT e.id, e.account_id, e.hash,
                               sha256(coalesce(lag(e.hash) OVER (PARTITION BY e.account_id ORDER BY e.id), ''::bytea)
                                      || convert_to(concat_ws('|', 'v1', CAST(:asset AS text),
                                             encode(convert_to(e.account_id, 'UTF8'), 'hex'),
                                             coalesce(e.transaction_id::text, ''),
                                             coalesce(e.network_transaction_id::text, ''),
                                             e.amount::text, e.balance_after::text,
                                             (extract(epoch FROM e.created_at) * 1000000)::bigint::text), 'UTF8'))
                                   AS expected
                        FROM %1$s.ledger_entry e
                    ),
                    first_hashed AS (
                        SELECT min(id) AS id FROM %1$s.ledger_entry WHERE hash IS NOT NULL
                    ),
                    broken AS (
                        SELECT DISTINCT ON (c.account_id) c.account_id, c.id,
                               CASE WHEN c.hash IS NULL THEN 'has no hash'
                                    ELSE 'does not match its content and the entry before it' END AS why
                        FROM chained c, first_hashed f
                        WHERE (c.hash IS NULL AND c.id > f.id) OR c.hash <> c.expected
                        ORDER BY c.account_id, c.id
                    )
                    SELECT 'account ' || account_id || ': ledger entry ' || id || ' ' || why
                    FROM broken
                    ORDER BY id
                    """),
            new AuditCheck("every account's chain head is the hash of its last ledger entry", """
                    SELECT 'account ' || a.account_id || ': chain head ' || coalesce(encode(a.chain_head, 'hex'), 'none')
                           || ', last entry ' || coalesce(e.id::text, 'none')
                    FROM %1$s.account a
                    LEFT JOIN LATERAL (SELECT id, hash FROM %1$s.ledger_entry
                                       WHERE account_id = a.account_id ORDER BY id DESC LIMIT 1) e ON true
                    WHERE a.chain_head IS DISTINCT FROM e.hash
                    """),
            new AuditCheck("no balance is negative except the network-fee account", """
                    SELECT 'account ' || account_id || ': balance ' || balance
                    FROM %1$s.account
                    WHERE balance < 0 AND NOT is_network_fee
                    """),
            // A withdrawal that ended failed or cancelled was refunded: it took nothing out (its
            // refund is checked below).
            new AuditCheck("balances add up: credited deposits - withdrawals - fees", """
                    WITH totals AS (
                        SELECT (SELECT coalesce(sum(balance), 0) FROM %1$s.account) AS balances,
                               (SELECT coalesce(sum(amount), 0) FROM %1$s.transaction
                                WHERE type = 'deposit' AND credited) AS deposits,
                               (SELECT coalesce(sum(amount), 0) FROM %1$s.transaction
                                WHERE type = 'broadcast' AND state NOT IN ('failed', 'cancelled')) AS withdrawals,
                               (SELECT coalesce(sum(fee), 0) FROM %1$s.network_transaction WHERE type = 'broadcast') AS fees
                    )
                    SELECT 'balances ' || balances || ' <> deposits ' || deposits || ' - withdrawals ' || withdrawals
                           || ' - fees ' || fees
                    FROM totals
                    WHERE balances <> deposits - withdrawals - fees
                    """),
            new AuditCheck("fees charged equal the fees of sent broadcasts", """
                    SELECT 'network-fee account ' || a.balance || ' <> - recorded fees '
                           || (SELECT coalesce(sum(fee), 0) FROM %1$s.network_transaction WHERE type = 'broadcast')
                    FROM %1$s.account a
                    WHERE a.is_network_fee
                      AND a.balance <> -(SELECT coalesce(sum(fee), 0) FROM %1$s.network_transaction WHERE type = 'broadcast')
                    """),
            // A signed transaction's fee is charged when it is recorded, a sendmany one's when the
            // node reports it; a sent broadcast whose fee stays unknown is missing from the fees.
            new AuditCheck("no sent broadcast's fee is unknown past the fee grace", """
                    SELECT 'broadcast ' || id || ' (' || txid || '): sent '
                           || to_char(coalesce(sent_at, closed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                           || ', fee still unknown'
                    FROM %1$s.network_transaction
                    WHERE type = 'broadcast' AND state = 'sent' AND fee IS NULL
                      AND coalesce(sent_at, closed_at, updated_at) < now() - make_interval(secs => :feeGraceSeconds)
                    ORDER BY id
                    """),
            new AuditCheck("internal transfers net to zero", """
                    SELECT 'transfer ' || t.id || ': entries sum to ' || coalesce(sum(e.amount), 0)
                           || ' over ' || count(e.id) || ' entries'
                    FROM %1$s.transaction t
                    LEFT JOIN %1$s.ledger_entry e ON e.transaction_id = t.id
                    WHERE t.type = 'internal'
                    GROUP BY t.id
                    HAVING coalesce(sum(e.amount), 0) <> 0 OR count(e.id) <> 2
                    """),
            new AuditCheck("each deposit is credited at most once, and only when marked credited", """
                    SELECT 'deposit ' || t.txid || ':' || t.vout || ': credited=' || t.credited || ' with '
                           || count(e.id) || ' entries'
                    FROM %1$s.transaction t
                    LEFT JOIN %1$s.ledger_entry e ON e.transaction_id = t.id
                    WHERE t.type = 'deposit'
                    GROUP BY t.id, t.txid, t.vout, t.credited
                    HAVING count(e.id) <> CASE WHEN t.credited THEN 1 ELSE 0 END
                    """),
            // A transfer with legs makes one transaction per leg: exactly the ones its result lists,
            // numbered 1..n in that order. Anything else made exactly one, with no leg number.
            new AuditCheck("every accepted withdrawal, transfer, hold or capture has exactly one effect", """
                    SELECT 'request ' || p.request_id || ' (' || p.request_type || '): ' || count(t.id) || ' transactions'
                           || CASE WHEN p.result -> 'transactionIds' IS NOT NULL
                                   THEN ' for ' || jsonb_array_length(p.result -> 'transactionIds') || ' legs' ELSE '' END
                    FROM %2$s.processed_request p
                    LEFT JOIN %1$s.transaction t ON t.request_id = p.request_id
                    LEFT JOIN LATERAL (
                        SELECT CAST(l.id AS bigint) AS id, l.position
                        FROM jsonb_array_elements_text(p.result -> 'transactionIds') WITH ORDINALITY AS l(id, position)
                    ) AS listed ON listed.id = t.id AND listed.position = t.leg
                    WHERE p.asset = :asset AND p.result ->> 'status' = 'ACCEPTED'
                      AND p.request_type IN ('WithdrawalRequested', 'Transfer', 'PlaceHold', 'CaptureHold')
                    GROUP BY p.request_id, p.request_type, p.result
                    HAVING count(t.id) <> coalesce(jsonb_array_length(p.result -> 'transactionIds'), 1)
                        OR count(t.leg) <> count(listed.id)
                        OR count(listed.id) <> CASE WHEN p.result -> 'transactionIds' IS NULL THEN 0 ELSE count(t.id) END
                    """),
            new AuditCheck("every withdrawal, transfer or hold comes from an accepted request", """
                    SELECT 'transaction ' || t.id || ' (' || t.type || ') has no accepted request ' || coalesce(t.request_id::text, '')
                    FROM %1$s.transaction t
                    LEFT JOIN %2$s.processed_request p ON p.request_id = t.request_id AND p.result ->> 'status' = 'ACCEPTED'
                    WHERE t.type IN ('broadcast', 'internal', 'hold') AND p.request_id IS NULL
                    """),
            // What WithdrawalRefunds writes: one positive entry naming the withdrawal, on its own
            // account, equal to its amount, and only for a withdrawal that ended unsent. A second
            // refund, or a refund of a withdrawal that was sent, is money given twice.
            new AuditCheck("every failed or cancelled withdrawal is refunded exactly once, and no other", """
                    SELECT 'withdrawal ' || t.id || ' (' || t.state || ', ' || t.amount || '): ' || count(e.id)
                           || ' refund(s) totalling ' || coalesce(sum(e.amount), 0)
                    FROM %1$s.transaction t
                    LEFT JOIN %1$s.ledger_entry e ON e.transaction_id = t.id AND e.amount > 0
                    WHERE t.type = 'broadcast'
                    GROUP BY t.id, t.state, t.amount, t.account_id
                    HAVING CASE WHEN t.state IN ('failed', 'cancelled')
                                THEN count(e.id) <> 1 OR sum(e.amount) <> t.amount OR bool_or(e.account_id <> t.account_id)
                                ELSE count(e.id) <> 0 END
                    ORDER BY t.id
                    """),
            new AuditCheck("sent withdrawals and sweeps carry their broadcast's txid", """
                    SELECT t.type || ' ' || t.id || ': state ' || t.state || ', txid ' || coalesce(t.txid, '-')
                           || ', broadcast ' || coalesce(n.id::text, '-') || ' txid ' || coalesce(n.txid, '-')
                    FROM %1$s.transaction t
                    LEFT JOIN %1$s.network_transaction n ON n.id = t.network_transaction_id
                    WHERE t.type IN ('broadcast', 'sweep')
                      AND ((t.state = 'broadcasted') <> (n.txid IS NOT NULL AND n.state = 'sent')
                           OR t.txid IS DISTINCT FROM CASE WHEN t.state = 'broadcasted' THEN n.txid END)
                    """),
            // A sweep moves coins from the hot wallet to cold storage: no account's balance changes (its
            // fee is a network fee, charged like any broadcast's), and it shares no transaction with
            // withdrawals, which must never wait on, or be refused with, a sweep.
            new AuditCheck("sweeps change no balance and share no broadcast with withdrawals", """
                    SELECT t.type || ' ' || t.id || ' is in ' || n.kind || ' broadcast ' || n.id
                    FROM %1$s.transaction t
                    JOIN %1$s.network_transaction n ON n.id = t.network_transaction_id
                    WHERE (t.type = 'sweep') <> (n.kind = 'sweep')
                    UNION ALL
                    SELECT 'sweep ' || t.id || ' has ledger entry ' || e.id
                    FROM %1$s.transaction t
                    JOIN %1$s.ledger_entry e ON e.transaction_id = t.id
                    WHERE t.type = 'sweep'
                    UNION ALL
                    SELECT 'sweep broadcast ' || n.id || ' has ' || count(t.id) || ' outputs'
                    FROM %1$s.network_transaction n
                    LEFT JOIN %1$s.transaction t ON t.network_transaction_id = n.id
                    WHERE n.kind = 'sweep'
                    GROUP BY n.id
                    HAVING count(t.id) <> 1
                    """),
            // A hold reserves part of the balance without moving it: no ledger entry, so the balance
            // equations above leave it out; what it reserves is the account's held column.
            new AuditCheck("every account holds what its open holds reserve, within its balance", """
                    SELECT 'account ' || a.account_id || ': held ' || a.held || ', open holds sum to '
                           || coalesce(h.amount, 0) || ', balance ' || a.balance
                    FROM %1$s.account a
                    LEFT JOIN (SELECT account_id, sum(amount) AS amount FROM %1$s.transaction
                               WHERE type = 'hold' AND state = 'held' GROUP BY account_id) h
                        ON h.account_id = a.account_id
                    WHERE a.held <> coalesce(h.amount, 0) OR (a.held > a.balance AND NOT a.is_network_fee)
                          OR (a.held <> 0 AND a.is_network_fee)
                    """),
            new AuditCheck("holds change no balance, and each captured one names its payment", """
                    SELECT 'hold ' || t.id || ' has ledger entry ' || e.id
                    FROM %1$s.transaction t
                    JOIN %1$s.ledger_entry e ON e.transaction_id = t.id
                    WHERE t.type = 'hold'
                    UNION ALL
                    SELECT 'hold ' || t.id || ' captured ' || t.captured_amount || ' of ' || t.amount || ' by '
                           || coalesce(p.type || ' ' || p.id || ' of ' || p.amount || ' from ' || p.account_id, 'nothing')
                    FROM %1$s.transaction t
                    LEFT JOIN %1$s.transaction p ON p.id = t.settled_by
                    WHERE t.type = 'hold' AND t.state = 'captured'
                      AND (p.id IS NULL OR p.type NOT IN ('internal', 'broadcast') OR p.account_id <> t.account_id
                           OR p.amount <> t.captured_amount OR t.captured_amount > t.amount)
                    """),
            // sendmany: opened and never marked sent past broken-after; signed mode: broken by a conflict.
            new AuditCheck("no broadcast is broken without an alert", """
                    SELECT 'broadcast ' || id || ' (' || state || ') opened at ' || opened_at
                           || ' is not closed and raised no alert'
                    FROM %1$s.network_transaction
                    WHERE broken_alerted_at IS NULL
                      AND (state = 'broken'
                           OR (state = 'opened' AND opened_at < now() - make_interval(secs => :alertDeadlineSeconds)))
                    """));
}
