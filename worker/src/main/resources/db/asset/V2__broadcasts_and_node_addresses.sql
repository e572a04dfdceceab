-- Broadcast bookkeeping for the chain side, and addresses obtained from the node.

-- A broadcast is opened (opened_at committed) before sendmany and closed after it answered.
-- A send refused by the node re-opens nothing: opened_at is cleared, so the broadcast is
-- sent again after next_attempt_at. A broadcast left open is "broken" and is only ever
-- closed by an operator, who records how (resolution): it reached the chain under a txid, or
-- it was not sent and its withdrawals were released into a new broadcast.
ALTER TABLE ${schema}.network_transaction
    ADD COLUMN send_attempts     integer     NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at   timestamptz,
    ADD COLUMN last_error        text,
    ADD COLUMN broken_alerted_at timestamptz,
    ADD COLUMN resolution        text CHECK (resolution IN ('txid', 'not-sent')),
    ADD COLUMN resolved_at       timestamptz,
    ADD CONSTRAINT network_transaction_resolved_closed CHECK (resolution IS NULL OR closed_at IS NOT NULL);

-- Broadcasts still to open (the broadcaster's next work) and open ones (the broken-broadcast watch).
CREATE INDEX network_transaction_unopened ON ${schema}.network_transaction (id)
    WHERE type = 'broadcast' AND opened_at IS NULL AND closed_at IS NULL;
CREATE INDEX network_transaction_open ON ${schema}.network_transaction (opened_at)
    WHERE opened_at IS NOT NULL AND closed_at IS NULL;
-- Transactions whose confirmations are still followed.
CREATE INDEX network_transaction_tracked ON ${schema}.network_transaction (updated_at)
    WHERE txid IS NOT NULL;

-- Withdrawals waiting to be grouped into a broadcast.
DROP INDEX ${schema}.transaction_pending_broadcast;
CREATE INDEX transaction_ungrouped_withdrawal ON ${schema}.transaction (id)
    WHERE type = 'broadcast' AND state = 'pending' AND network_transaction_id IS NULL;
CREATE INDEX transaction_network_transaction ON ${schema}.transaction (network_transaction_id)
    WHERE network_transaction_id IS NOT NULL;

-- A network fee is not a client transaction: its ledger entry names the network transaction.
ALTER TABLE ${schema}.ledger_entry
    ADD COLUMN network_transaction_id bigint REFERENCES ${schema}.network_transaction (id);

-- The address the node handed out for a CreateAddress request, committed before the request's
-- own transaction, so a retried or redelivered request reuses it instead of asking again.
CREATE TABLE ${schema}.node_address (
    request_id uuid        PRIMARY KEY,
    address    text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
