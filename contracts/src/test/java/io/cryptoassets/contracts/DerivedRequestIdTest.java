package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.DerivedRequestId;
import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Expected values were computed with Python's {@code uuid.uuid5}, the reference other clients use. */
class DerivedRequestIdTest {

    private static DepositObserved observed(UUID requestId, int confirmations) {
        return new DepositObserved(requestId, "BTC", Samples.TXID, 1, Samples.ADDRESS, BigInteger.valueOf(150_000),
                confirmations, null);
    }

    @Test
    void anObservationWithoutRequestIdGetsTheVersion5UuidOfItsContent() {
        UUID key = observed(null, 2).idempotencyKey();

        assertThat(key).isEqualTo(UUID.fromString("f4e76b65-85bd-5cb1-a9f9-5c5703399d95"));
        assertThat(key.version()).isEqualTo(5);
        assertThat(key.variant()).isEqualTo(2);
    }

    @Test
    void theSameObservationAlwaysGetsTheSameKeyAndAnyChangeANewOne() {
        assertThat(observed(null, 2).idempotencyKey()).isEqualTo(observed(null, 2).idempotencyKey());
        assertThat(observed(null, 3).idempotencyKey()).isNotEqualTo(observed(null, 2).idempotencyKey());
        DepositObserved inBlock = new DepositObserved(null, "BTC", Samples.TXID, 1, Samples.ADDRESS,
                BigInteger.valueOf(150_000), 2, Samples.BLOCK);
        assertThat(inBlock.idempotencyKey()).isNotEqualTo(observed(null, 2).idempotencyKey());
    }

    @Test
    void aNotificationWithoutRequestIdGetsTheVersion5UuidOfAssetAndTxid() {
        assertThat(new DepositNotified(null, "BTC", Samples.TXID).idempotencyKey())
                .isEqualTo(UUID.fromString("2cf3a78f-09e7-5745-84be-bd2ab538ee11"));
    }

    @Test
    void aGivenRequestIdIsTheKey() {
        UUID requestId = UUID.randomUUID();

        assertThat(observed(requestId, 2).idempotencyKey()).isEqualTo(requestId);
        assertThat(new DepositNotified(requestId, "BTC", Samples.TXID).idempotencyKey()).isEqualTo(requestId);
    }

    @Test
    void theNamespaceIsTheDocumentedOne() {
        assertThat(DerivedRequestId.NAMESPACE).hasToString("5c1ce462-3454-4562-b9ce-266ad691ee29");
        assertThat(DerivedRequestId.of("DepositNotified", "BTC", Samples.TXID))
                .isEqualTo(new DepositNotified(null, "BTC", Samples.TXID).idempotencyKey());
    }
}
