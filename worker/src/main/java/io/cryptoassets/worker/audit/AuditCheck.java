package io.cryptoassets.worker.audit;

/**
 * One invariant of an asset's ledger, as a query that returns one line per violation (empty when
 * the invariant holds). {@code %1$s} is the asset's schema, {@code %2$s} the shared schema; the
 * asset code is bound as {@code :asset}.
 */
record AuditCheck(String name, String sql) {
}
