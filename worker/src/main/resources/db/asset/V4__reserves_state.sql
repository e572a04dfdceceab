-- What the alerts topic was last told about the asset's reserves, one row. short_since is set
-- (RESERVES_SHORTFALL) and cleared (RESERVES_RESTORED) only by conditional updates, so however
-- many workers check, each shortfall is announced once and its end once.
CREATE TABLE ${schema}.reserves_state (
    singleton   boolean        PRIMARY KEY DEFAULT true CHECK (singleton),
    short_since timestamptz,
    shortfall   numeric(78, 0)
);
INSERT INTO ${schema}.reserves_state DEFAULT VALUES;
