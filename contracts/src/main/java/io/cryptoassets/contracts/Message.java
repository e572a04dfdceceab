package io.cryptoassets.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A record that travels on one of the {@link Topics}: every body carries its schema version.
 */
public interface Message {

    /** The schema version every record of this release writes; see the versioning policy in the README. */
    int SCHEMA_VERSION = 1;

    /** The version of the schema this body follows. */
    int schemaVersion();

    /**
     * The Kafka record key this message is produced with, which decides its partition and so
     * the order it is seen in; see the topic table in the README.
     */
    @JsonIgnore
    String recordKey();

    /** The type name written in the {@link ContractHeaders#MESSAGE_TYPE} header. */
    @JsonIgnore
    default String messageType() {
        return getClass().getSimpleName();
    }
}
