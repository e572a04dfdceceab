-- Custody controls: per-account withdrawal policies, and withdrawals held for approval.
--
-- An account's own policy, set by an operator (the policies command). A NULL column falls back
-- to the asset's configured default (cryptoassets.assets.<code>.policy.*); the asset-wide window
-- limits are configuration only. The batch reads these rows in its serializable transaction, so
-- a change applies from the next transaction that debits the account, never to withdrawals
-- already accepted.
CREATE TABLE ${schema}.account_policy (
    account_id           text           PRIMARY KEY REFERENCES ${schema}.account (account_id),
    max_per_withdrawal   numeric(78, 0) CHECK (max_per_withdrawal > 0),
    window_amount        numeric(78, 0) CHECK (window_amount > 0),
    window_count         integer        CHECK (window_count >= 0),
    approval_threshold   numeric(78, 0) CHECK (approval_threshold > 0),
    -- NULL: any destination; otherwise only these addresses.
    allowed_destinations text[],
    updated_at           timestamptz    NOT NULL DEFAULT now(),
    updated_by           text
);

-- A withdrawal held for approval is in state 'awaiting_approval' (debited, never grouped into a
-- broadcast, which takes only 'pending'), needs approvals_required distinct approvers before
-- approval_deadline, and may not be approved by requested_by.
ALTER TABLE ${schema}.transaction
    ADD COLUMN approvals_required integer CHECK (approvals_required >= 1),
    ADD COLUMN approval_deadline  timestamptz,
    ADD COLUMN requested_by       text;

CREATE INDEX transaction_awaiting_approval ON ${schema}.transaction (approval_deadline)
    WHERE state = 'awaiting_approval';

-- The rolling windows: what an account, and the whole asset, sent off the wallet lately. Read by
-- range in the serializable transaction, so a concurrent withdrawal inserting into the same range
-- conflicts with the read and one of the two is retried.
CREATE INDEX transaction_account_outflow ON ${schema}.transaction (account_id, created_at)
    WHERE type = 'broadcast';
CREATE INDEX transaction_asset_outflow ON ${schema}.transaction (created_at)
    WHERE type = 'broadcast';

-- Each approver's word on a held withdrawal: one per approver (the key), so an approver counts once.
CREATE TABLE ${schema}.withdrawal_approval (
    transaction_id bigint      NOT NULL REFERENCES ${schema}.transaction (id),
    approver_id    text        NOT NULL,
    decision       text        NOT NULL CHECK (decision IN ('approve', 'reject')),
    request_id     uuid        NOT NULL,
    comment        text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (transaction_id, approver_id)
);
