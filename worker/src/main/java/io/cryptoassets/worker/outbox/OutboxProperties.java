package io.cryptoassets.worker.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param shards number of outbox shards (default 16). Rows of one key always land in the same
 *               shard, and each shard is published by one worker at a time, which is what keeps
 *               per-account order. Change it only with an empty outbox: rows already written
 *               keep their old shard.
 */
@ConfigurationProperties("cryptoassets.outbox")
public record OutboxProperties(@DefaultValue("16") int shards) {

    public OutboxProperties {
        if (shards < 1 || shards > Short.MAX_VALUE) {
            throw new IllegalArgumentException("cryptoassets.outbox.shards must be between 1 and 32767");
        }
    }

    /** The shard of a key; stable across JVMs because String.hashCode is specified. */
    public int shardOf(String key) {
        return Math.floorMod(key.hashCode(), shards);
    }
}
