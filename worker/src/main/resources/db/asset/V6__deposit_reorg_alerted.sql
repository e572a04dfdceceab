-- When CREDITED_DEPOSIT_REORGED was raised for a credited deposit: whether it dropped below the
-- crediting threshold or its node stopped knowing it (or reports it conflicted), the alert goes
-- out once per deposit, and set by conditional updates it stays once however many workers poll.
ALTER TABLE ${schema}.transaction ADD COLUMN reorg_alerted_at timestamptz;
