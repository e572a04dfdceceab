-- One asset's ledger. Flyway applies this set once per configured asset, into the schema
-- named by ${schema} (validated against [a-z_][a-z0-9_]* before it gets here).

-- Accounts are named by the client (accountId), unique within the asset.
-- The balance may only go negative for the network-fee account, which pays miners' fees
-- before the ledger knows what they will be.
CREATE TABLE ${schema}.account (
    account_id     text           PRIMARY KEY,
    name           text,
    balance        numeric(78, 0) NOT NULL DEFAULT 0,
    is_network_fee boolean        NOT NULL DEFAULT false,
    -- Number of the last event published for this account; every event takes the next one,
    -- so consumers can check per-account order and concurrent writers conflict here.
    event_sequence bigint         NOT NULL DEFAULT 0,
    created_at     timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT account_balance_non_negative CHECK (is_network_fee OR balance >= 0)
);

-- Exactly one network-fee account per asset. Its id starts with '$', which client
-- account ids cannot contain, so it can never collide with one.
CREATE UNIQUE INDEX account_one_network_fee ON ${schema}.account (is_network_fee) WHERE is_network_fee;
INSERT INTO ${schema}.account (account_id, name, is_network_fee) VALUES ('$network-fee', 'network fees', true);

CREATE TABLE ${schema}.address (
    address    text        PRIMARY KEY,
    account_id text        NOT NULL REFERENCES ${schema}.account (account_id),
    request_id uuid,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX address_account ON ${schema}.address (account_id);

-- A transaction as the network sees it: an incoming deposit or an outgoing broadcast that
-- may carry many withdrawals. opened_at is set and committed before the node is asked to
-- send; closed_at after it answered. Opened and never closed means "outcome unknown".
CREATE TABLE ${schema}.network_transaction (
    id            bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type          text           NOT NULL CHECK (type IN ('deposit', 'broadcast')),
    txid          text,
    opened_at     timestamptz,
    closed_at     timestamptz,
    confirmations integer        NOT NULL DEFAULT 0 CHECK (confirmations >= 0),
    fee           numeric(78, 0) CHECK (fee >= 0),
    block_hash    text,
    created_at    timestamptz    NOT NULL DEFAULT now(),
    updated_at    timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT network_transaction_type_txid UNIQUE (type, txid),
    CONSTRAINT network_transaction_closed_after_open CHECK (closed_at IS NULL OR opened_at IS NOT NULL)
);

-- A ledger transaction: one deposit output, one withdrawal, or one side of an internal transfer.
CREATE TABLE ${schema}.transaction (
    id                     bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type                   text           NOT NULL CHECK (type IN ('deposit', 'broadcast', 'internal')),
    state                  text           NOT NULL,
    account_id             text           NOT NULL REFERENCES ${schema}.account (account_id),
    counterparty_account_id text          REFERENCES ${schema}.account (account_id),
    address                text,
    amount                 numeric(78, 0) NOT NULL CHECK (amount > 0),
    network_transaction_id bigint         REFERENCES ${schema}.network_transaction (id),
    txid                   text,
    vout                   integer        CHECK (vout >= 0),
    confirmations          integer        NOT NULL DEFAULT 0 CHECK (confirmations >= 0),
    credited               boolean        NOT NULL DEFAULT false,
    request_id             uuid,
    label                  text,
    created_at             timestamptz    NOT NULL DEFAULT now(),
    updated_at             timestamptz    NOT NULL DEFAULT now()
);

-- A deposit is identified by its output: crediting is keyed on (txid, vout), never on a message.
CREATE UNIQUE INDEX transaction_deposit_output ON ${schema}.transaction (txid, vout) WHERE type = 'deposit';
CREATE INDEX transaction_account ON ${schema}.transaction (account_id);
CREATE INDEX transaction_pending_broadcast ON ${schema}.transaction (id) WHERE type = 'broadcast' AND state = 'pending';

-- Append-only record of every balance change. amount is signed; balance_after is the
-- account's balance once this entry applied, so an account's balance always equals the sum
-- of its entries and the last entry's balance_after.
CREATE TABLE ${schema}.ledger_entry (
    id             bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     text           NOT NULL REFERENCES ${schema}.account (account_id),
    transaction_id bigint         REFERENCES ${schema}.transaction (id),
    amount         numeric(78, 0) NOT NULL CHECK (amount <> 0),
    balance_after  numeric(78, 0) NOT NULL,
    created_at     timestamptz    NOT NULL DEFAULT now()
);

CREATE INDEX ledger_entry_account ON ${schema}.ledger_entry (account_id, id);

CREATE FUNCTION ${schema}.reject_ledger_entry_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only: % on %.ledger_entry is not allowed', TG_OP, TG_TABLE_SCHEMA
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER ledger_entry_no_update_delete
    BEFORE UPDATE OR DELETE ON ${schema}.ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ${schema}.reject_ledger_entry_change();

CREATE TRIGGER ledger_entry_no_truncate
    BEFORE TRUNCATE ON ${schema}.ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.reject_ledger_entry_change();
