-- The hot/cold wallet split: sweeps of the node wallet's excess to cold storage, top-ups back
-- from it, and the HOT_WALLET_LOW episode.
--
-- A sweep is a broadcast (network_transaction.type = 'broadcast') of kind 'sweep', sent by the
-- same machinery as withdrawals (signed: sign, record, send, settle by txid; or sendmany). Its one
-- output is one member transaction of type 'sweep' on the network-fee account, with no ledger
-- entry: moving coins to cold storage changes no account's balance. Its fee is charged to the
-- network-fee account like any broadcast's. Withdrawals are grouped from type 'broadcast' only,
-- so a sweep never shares a transaction with them.
ALTER TABLE ${schema}.network_transaction
    ADD COLUMN kind text NOT NULL DEFAULT 'withdrawals' CHECK (kind IN ('withdrawals', 'sweep'));

ALTER TABLE ${schema}.transaction DROP CONSTRAINT transaction_type_check;
ALTER TABLE ${schema}.transaction
    ADD CONSTRAINT transaction_type_check CHECK (type IN ('deposit', 'broadcast', 'internal', 'sweep'));

-- One live sweep per asset (live: it may still be sent, or an operator must say whether it was).
-- However many workers see the wallet above its ceiling at once, one sweep is created; the others'
-- inserts fail here and they take that as their answer.
CREATE UNIQUE INDEX network_transaction_one_live_sweep ON ${schema}.network_transaction ((true))
    WHERE kind = 'sweep' AND state IN ('grouped', 'signing', 'signed', 'opened', 'broken');

-- Coins an operator moved from cold storage back to the hot wallet. Cold holdings are the sent
-- sweeps' amounts less these.
CREATE TABLE ${schema}.cold_topup (
    id          bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    amount      numeric(78, 0) NOT NULL CHECK (amount > 0),
    txid        text,
    recorded_by text,
    created_at  timestamptz    NOT NULL DEFAULT now()
);

-- The HOT_WALLET_LOW episode, one row: low_since goes from null to a time (the alert) and back
-- (the wallet is at or above hot-wallet.min again) only by conditional updates, so with any number
-- of workers each episode is announced once.
CREATE TABLE ${schema}.hot_wallet_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    low_since timestamptz,
    balance   numeric
);
INSERT INTO ${schema}.hot_wallet_state DEFAULT VALUES;
