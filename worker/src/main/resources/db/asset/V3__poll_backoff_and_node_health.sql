-- Confirmation polling per transaction: a look-up the node answers with an error counts a
-- failure and puts the transaction off until next_poll_at (growing with poll_failures), so
-- one transaction the node cannot answer for never holds up the others. A successful
-- look-up resets both.
ALTER TABLE ${schema}.network_transaction
    ADD COLUMN poll_failures integer     NOT NULL DEFAULT 0 CHECK (poll_failures >= 0),
    ADD COLUMN next_poll_at  timestamptz;

-- The asset's node as every worker sees it, one row. last_answer_at is the last time any
-- worker's probe got an answer. state is what the alerts topic was last told: it turns
-- 'down' (NODE_UNREACHABLE) and back 'up' (NODE_RECOVERED) only by conditional updates, so
-- one worker announces each change. down_since and last_error describe the latest outage.
CREATE TABLE ${schema}.node_health (
    singleton      boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    state          text        NOT NULL DEFAULT 'up' CHECK (state IN ('up', 'down')),
    last_answer_at timestamptz NOT NULL DEFAULT now(),
    down_since     timestamptz,
    last_error     text,
    recovered_at   timestamptz
);
INSERT INTO ${schema}.node_health DEFAULT VALUES;
