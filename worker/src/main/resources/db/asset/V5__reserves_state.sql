-- What the alerts topic was last told about the asset's reserves, one row. short_since is set
-- (RESERVES_SHORTFALL) and cleared (RESERVES_RESTORED) only by conditional updates, so however
-- many workers check, each shortfall is announced once and its end once. shortfall is an
-- unbounded numeric: a sum of balances can exceed what one NUMERIC(78,0) balance holds.
CREATE TABLE ${schema}.reserves_state (
    singleton   boolean        PRIMARY KEY DEFAULT true CHECK (singleton),
    short_since timestamptz,
    shortfall   numeric
);
INSERT INTO ${schema}.reserves_state DEFAULT VALUES;
