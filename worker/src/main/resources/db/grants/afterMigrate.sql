-- Flyway runs this after every migration run of a schema (the shared one and each asset's),
-- also when nothing was pending, so tables added by later migrations are granted too.
-- ${schema} is the schema; ${runtime_role} the role the worker runs as, or '' when the
-- owner works in its tables itself (nothing to grant then).
--
-- The runtime role gets exactly: USAGE on the schema; SELECT and INSERT on ledger entries and
-- on the history of policy changes, which it can then neither change, delete nor truncate
-- (and, not owning the tables, cannot disable their triggers); SELECT, INSERT, UPDATE, DELETE
-- on every other table; nextval on the sequences. On Flyway's history only SELECT, so that a
-- worker can tell it runs against a migrated database (its readiness probe; starting without
-- migrating). REVOKE ALL first, so a role granted more before ends with exactly this; the
-- change is one transaction, so no worker sees it half done.
DO $grants$
DECLARE
    runtime_role constant text := '${runtime_role}';
    target_schema constant text := '${schema}';
    target record;
BEGIN
    IF runtime_role = '' THEN
        RETURN;
    END IF;
    -- Workers starting together run this at once, and concurrent GRANTs on one table fail
    -- ("tuple concurrently updated"): one at a time.
    PERFORM pg_advisory_xact_lock(hashtext('cryptoassets runtime grants'));
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', target_schema, runtime_role);
    FOR target IN
        SELECT c.relname
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = target_schema
          AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('REVOKE ALL ON %I.%I FROM %I', target_schema, target.relname, runtime_role);
        IF target.relname IN ('ledger_entry', 'account_policy_change') THEN
            EXECUTE format('GRANT SELECT, INSERT ON %I.%I TO %I', target_schema, target.relname, runtime_role);
        ELSIF target.relname = 'flyway_schema_history' THEN
            EXECUTE format('GRANT SELECT ON %I.%I TO %I', target_schema, target.relname, runtime_role);
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO %I',
                           target_schema, target.relname, runtime_role);
        END IF;
    END LOOP;
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', target_schema, runtime_role);
END
$grants$;
