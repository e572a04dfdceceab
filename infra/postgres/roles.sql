-- The ledger's two roles, created if missing (run it as often as you like), and the owner's
-- right to create schemas in the ledger database. Run with psql as an administrator:
--   psql -d postgres -v ON_ERROR_STOP=1 -v owner=cryptoassets_owner -v owner_password=... \
--        -v runtime=cryptoassets_worker -v runtime_password=... -v database=cryptoassets -f roles.sql
-- The owner runs the migrations and owns every table; the runtime role is what the worker
-- connects as, and gets its privileges from the migrations (no ownership, no superuser,
-- INSERT and SELECT only on ledger entries). An empty password leaves the role without one
-- (for servers that trust local connections).
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'owner', :'owner_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'runtime', :'runtime_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'runtime') \gexec
SELECT format('GRANT CONNECT, CREATE ON DATABASE %I TO %I', :'database', :'owner') \gexec
