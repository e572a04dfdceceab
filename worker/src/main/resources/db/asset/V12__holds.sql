-- Holds: two-phase reservations. A hold is a transaction row of type 'hold' on the holding account
-- (account_id), so its id is the transactionId of its TxUpdates. It has no ledger entry and never
-- changes a balance: it reserves its amount out of the account's available balance, which is
-- balance - held. It is 'held' until it settles exactly once: 'captured' (a transfer or withdrawal,
-- settled_by, paid captured_amount <= amount; the rest was released), 'released' or 'expired'.
ALTER TABLE ${schema}.transaction DROP CONSTRAINT transaction_type_check;
ALTER TABLE ${schema}.transaction
    ADD CONSTRAINT transaction_type_check CHECK (type IN ('deposit', 'broadcast', 'internal', 'sweep', 'hold'));

ALTER TABLE ${schema}.transaction
    ADD COLUMN hold_id         text,
    ADD COLUMN expires_at      timestamptz,
    ADD COLUMN captured_amount numeric(78, 0) CHECK (captured_amount > 0),
    ADD COLUMN settled_at      timestamptz,
    ADD COLUMN settled_by      bigint REFERENCES ${schema}.transaction (id),
    ADD CONSTRAINT transaction_hold_id CHECK ((type = 'hold') = (hold_id IS NOT NULL)),
    ADD CONSTRAINT transaction_hold_state
        CHECK (type <> 'hold' OR state IN ('held', 'captured', 'released', 'expired')),
    ADD CONSTRAINT transaction_hold_settled CHECK (type <> 'hold' OR (state = 'held') = (settled_at IS NULL)),
    ADD CONSTRAINT transaction_hold_captured
        CHECK ((type = 'hold' AND state = 'captured') = (captured_amount IS NOT NULL AND settled_by IS NOT NULL)),
    ADD CONSTRAINT transaction_hold_captured_within CHECK (captured_amount IS NULL OR captured_amount <= amount);

-- A client's hold id names one hold of the account, forever: placing it again is HOLD_EXISTS.
-- The batch reads holds by this key, so two batches placing the same id conflict on it.
CREATE UNIQUE INDEX transaction_hold ON ${schema}.transaction (account_id, hold_id) WHERE type = 'hold';
-- The expiry round's work: open holds with an expiry, oldest first.
CREATE INDEX transaction_open_hold_expiry ON ${schema}.transaction (expires_at, id)
    WHERE type = 'hold' AND state = 'held' AND expires_at IS NOT NULL;

-- What the account's open holds reserve; the network-fee account never holds.
ALTER TABLE ${schema}.account
    ADD COLUMN held numeric(78, 0) NOT NULL DEFAULT 0 CHECK (held >= 0),
    ADD CONSTRAINT account_held_within_balance
        CHECK (CASE WHEN is_network_fee THEN held = 0 ELSE held <= balance END);
