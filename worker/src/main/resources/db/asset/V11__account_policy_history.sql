-- Every change of an account's own withdrawal policy (the policies command), before and after,
-- with who made it: the audit trail of who loosened or tightened which limit when. Append-only:
-- the runtime role may only read and insert (see grants/afterMigrate.sql), and no role may
-- update, delete or truncate while the trigger stands.
CREATE TABLE ${schema}.account_policy_change (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id text        NOT NULL REFERENCES ${schema}.account (account_id),
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text,
    -- The account's own values as JSON (amounts as strings of digits); before is NULL when the
    -- account had no policy of its own.
    before     jsonb,
    after      jsonb       NOT NULL
);

CREATE INDEX account_policy_change_account ON ${schema}.account_policy_change (account_id, id);

CREATE FUNCTION ${schema}.reject_account_policy_change_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'policy changes are append-only: % on %.account_policy_change is not allowed', TG_OP, TG_TABLE_SCHEMA
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER account_policy_change_no_update_delete
    BEFORE UPDATE OR DELETE ON ${schema}.account_policy_change
    FOR EACH ROW EXECUTE FUNCTION ${schema}.reject_account_policy_change_rewrite();

CREATE TRIGGER account_policy_change_no_truncate
    BEFORE TRUNCATE ON ${schema}.account_policy_change
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.reject_account_policy_change_rewrite();
