-- What is not per asset: the processed-request inbox, the outbox and node scan positions.
-- Flyway runs this set once, in the shared schema (placeholder ${shared_schema}).

-- One row per request ever applied. A redelivered request finds its row and is answered with
-- the stored result; the same request id with another payload hash is REQUEST_ID_REUSED.
CREATE TABLE ${shared_schema}.processed_request (
    request_id   uuid        PRIMARY KEY,
    request_type text        NOT NULL,
    asset        text,
    payload_hash bytea       NOT NULL,
    result       jsonb       NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- Transactional outbox. id, aggregatetype, aggregateid, type and payload are the columns
-- Debezium's outbox event router reads, so CDC can replace the built-in relay:
--   aggregatetype = destination topic, aggregateid = Kafka key, id = eventId.
-- shard and position serve the built-in relay: each shard is published by one worker at a
-- time in position order. position comes from a sequence and is NOT a commit-order cursor;
-- the relay deletes what it published instead of remembering "the last id".
CREATE TABLE ${shared_schema}.outbox (
    id            uuid        PRIMARY KEY,
    aggregatetype text        NOT NULL,
    aggregateid   text        NOT NULL,
    type          text        NOT NULL,
    payload       jsonb       NOT NULL,
    shard         smallint    NOT NULL CHECK (shard >= 0),
    position      bigint      GENERATED ALWAYS AS IDENTITY,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX outbox_shard_position ON ${shared_schema}.outbox (shard, position);

-- How far each asset's node has been scanned for received transactions (rescan resumes here).
CREATE TABLE ${shared_schema}.node_scan_position (
    asset        text        PRIMARY KEY,
    block_height bigint      NOT NULL CHECK (block_height >= 0),
    block_hash   text,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
