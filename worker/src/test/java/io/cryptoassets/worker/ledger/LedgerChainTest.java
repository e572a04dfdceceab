package io.cryptoassets.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the chain: audit recomputes them in SQL, and every stored hash depends on
 * them, so a change here must be deliberate (and versioned). Expected values from an independent
 * SHA-256 (Python's hashlib) over the documented content.
 */
class LedgerChainTest {

    @Test
    void theFirstEntryHashesItsContentAlone() {
        // v1|BTC|616c696365|7||-5|10|1000001
        byte[] hash = LedgerChain.hash(null, "BTC", "alice", 7L, null, BigInteger.valueOf(-5), BigInteger.TEN,
                Instant.ofEpochSecond(1, 1_000));

        assertThat(HexFormat.of().formatHex(hash))
                .isEqualTo("b0125702e866715f81f0452040895142f9c81fa4fcca02155b23a9ec0259d33a");
    }

    @Test
    void aLaterEntryHashesThePreviousHashThenItsContent() {
        byte[] first = HexFormat.of().parseHex("b0125702e866715f81f0452040895142f9c81fa4fcca02155b23a9ec0259d33a");
        // previous || v1|BTC|c3a9|||3|13|2000000 (the account id as UTF-8 hex, no transaction ids)
        byte[] hash = LedgerChain.hash(first, "BTC", "é", null, null, BigInteger.valueOf(3), BigInteger.valueOf(13),
                Instant.ofEpochSecond(2));

        assertThat(HexFormat.of().formatHex(hash))
                .isEqualTo("af59cfdf3b825eb2a63ed4a23e56273550d7fdba591f75bb647ff34fcdbcdf29");
    }

    @Test
    void timesAreKeptToTheMicrosecondPostgreSqlStores() {
        assertThat(LedgerChain.storable(Instant.ofEpochSecond(5, 123_456_789))).isEqualTo(Instant.ofEpochSecond(5, 123_456_000));
    }
}
