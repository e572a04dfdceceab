package io.cryptoassets.worker.schema;

/**
 * A worker told not to migrate ({@code cryptoassets.database.migrate-on-start=false}) found a
 * schema that is not at this build's version: someone must run the migrations first.
 */
public class SchemasNotMigrated extends IllegalStateException {

    public SchemasNotMigrated(String message) {
        super(message);
    }
}
