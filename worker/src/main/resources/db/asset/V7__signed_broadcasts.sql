-- Broadcasts that are signed and recorded before they are sent, and withdrawals that can end
-- without being sent (failed, cancelled: refunded with a ledger entry).
--
-- A broadcast's state (network_transaction.type = 'broadcast' only):
--   grouped    withdrawals assigned, nothing asked of the node; members may still be cancelled
--   signing    a worker asked the node to build and sign it (claimed_at); nothing recorded yet.
--              At most one per asset, so the wallet's coin selection never races itself and an
--              input locked by a crashed signer can be told apart and unlocked.
--   signed     raw_tx, txid, fee and inputs recorded and committed; it may or may not have
--              reached the node. Any worker settles it by asking the node about the txid, and
--              sends the same bytes again when the node does not know it.
--   opened     sendmany mode: the one call is in flight (opened_at); left open, it is broken.
--   sent       the node has it (closed_at); confirmations are followed.
--   broken     an operator must decide: sendmany's unknown outcome, or a signed transaction
--              whose inputs another transaction spent (conflicting_txids).
--   dissolved  it will never be sent: split into smaller broadcasts, emptied by failed or
--              cancelled withdrawals, or resolved 'not-sent' by an operator.
ALTER TABLE ${schema}.network_transaction
    ADD COLUMN state                 text CHECK (state IN ('grouped', 'signing', 'signed', 'opened', 'sent',
                                                           'broken', 'dissolved')),
    ADD COLUMN claimed_at            timestamptz,
    ADD COLUMN raw_tx                text,
    ADD COLUMN inputs                text[],
    ADD COLUMN signed_at             timestamptz,
    ADD COLUMN sent_at               timestamptz,
    ADD COLUMN sent_height           bigint,
    ADD COLUMN refusals              integer NOT NULL DEFAULT 0,
    ADD COLUMN refused_alerted_at    timestamptz,
    ADD COLUMN conflicting_txids     text,
    ADD COLUMN conflicted_alerted_at timestamptz,
    ADD COLUMN stuck_alerted_at      timestamptz,
    ADD COLUMN drops                 integer NOT NULL DEFAULT 0;

UPDATE ${schema}.network_transaction
SET state = CASE
        WHEN closed_at IS NOT NULL AND resolution = 'not-sent' THEN 'dissolved'
        WHEN closed_at IS NOT NULL THEN 'sent'
        WHEN opened_at IS NOT NULL THEN 'opened'
        ELSE 'grouped'
    END,
    sent_at = closed_at
WHERE type = 'broadcast';

ALTER TABLE ${schema}.network_transaction
    ADD CONSTRAINT network_transaction_broadcast_state CHECK ((type = 'broadcast') = (state IS NOT NULL)),
    ADD CONSTRAINT network_transaction_signed_recorded
        CHECK (state NOT IN ('signed') OR (raw_tx IS NOT NULL AND txid IS NOT NULL AND inputs IS NOT NULL));

CREATE UNIQUE INDEX network_transaction_one_signing ON ${schema}.network_transaction ((true))
    WHERE state = 'signing';
CREATE INDEX network_transaction_broadcast_state ON ${schema}.network_transaction (state, id)
    WHERE state IN ('grouped', 'signing', 'signed', 'opened', 'broken');
