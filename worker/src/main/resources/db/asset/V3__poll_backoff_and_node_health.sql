-- Confirmation polling per transaction: a look-up the node answers with an error counts a
-- failure and puts the transaction off until next_poll_at (growing with poll_failures), so
-- one transaction the node cannot answer for never holds up the others. A successful
-- look-up resets both.
ALTER TABLE ${schema}.network_transaction
    ADD COLUMN poll_failures integer     NOT NULL DEFAULT 0 CHECK (poll_failures >= 0),
    ADD COLUMN next_poll_at  timestamptz;
