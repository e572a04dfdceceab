-- Tamper evidence: each ledger entry carries a SHA-256 over its content and the hash of the
-- entry before it in its account (the chain; see ledger/LedgerChain for the exact bytes), and
-- the account row keeps the hash of its last entry (the chain head), so writing an entry needs
-- no extra read. Entries written before this migration keep a NULL hash: an account's chain
-- starts at its first hashed entry, which follows nothing. Every entry after the asset's first
-- hashed entry must carry one; audit checks that and recomputes every hash.
ALTER TABLE ${schema}.ledger_entry
    ADD COLUMN hash bytea CONSTRAINT ledger_entry_hash_sha256 CHECK (octet_length(hash) = 32);

ALTER TABLE ${schema}.account
    ADD COLUMN chain_head bytea CONSTRAINT account_chain_head_sha256 CHECK (octet_length(chain_head) = 32);
