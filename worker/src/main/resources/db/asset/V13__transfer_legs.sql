-- A Transfer's client reference and metadata, kept with every transaction it made (each leg's,
-- or the single move's), so statements and audits can tell what a movement was for. leg is the
-- position (1..16) of the leg within a Transfer with legs, NULL for every other transaction: with
-- request_id it says which transactions one request made, in what order, and that none is missing.
ALTER TABLE ${schema}.transaction
    ADD COLUMN reference text CHECK (char_length(reference) BETWEEN 1 AND 128),
    ADD COLUMN metadata  jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    ADD COLUMN leg       smallint CHECK (leg BETWEEN 1 AND 16);

-- One transaction per leg of a request: a second row for the same leg would be a second effect.
CREATE UNIQUE INDEX transaction_request_leg ON ${schema}.transaction (request_id, leg) WHERE leg IS NOT NULL;
