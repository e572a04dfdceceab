-- What the broadcaster remembers between rounds beyond a broadcast's state.
--
-- funds_wanted_since  the node's wallet could not pay this broadcast (insufficient funds) and it
--                     waits for a top-up. HOT_WALLET_INSUFFICIENT is raised when a broadcast
--                     starts waiting while no other broadcast of the asset waits: once per
--                     episode, however many rounds the wait lasts and whatever else is sent
--                     meanwhile. Cleared when the wallet pays it (signed or sent).
-- dropped_at          a sent transaction the node no longer holds (dropped from its mempool, or
--                     forgotten); BROADCAST_DROPPED is raised when this is set, and it is cleared
--                     when the node holds the transaction again, so each drop alerts once.
--
-- claimed_at (V7) marks sendmany's 'opened' claims too: every change a claimer makes is
-- conditional on its own claimed_at, in both modes.
ALTER TABLE ${schema}.network_transaction
    ADD COLUMN funds_wanted_since timestamptz,
    ADD COLUMN dropped_at         timestamptz;

-- The inputs of recorded transactions, looked up by the wallet's locked outputs: a locked
-- output no live broadcast recorded belongs to a signer that stopped before recording.
CREATE INDEX network_transaction_recorded_inputs ON ${schema}.network_transaction USING gin (inputs)
    WHERE state IN ('signed', 'sent', 'broken');
