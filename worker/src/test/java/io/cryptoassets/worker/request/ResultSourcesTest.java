package io.cryptoassets.worker.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestSource;
import io.cryptoassets.contracts.result.RequestStatus;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResultSourcesTest {

    private static final UUID REQUEST = UUID.fromString("3f2b8c1e-6d4a-4f7b-9a51-0c2d7e8f9a10");
    private static final RequestSource RECORD = new RequestSource("cryptoassets.account-requests", 3, 1017);
    private static final RequestResult DECIDED = new RequestResult(RequestResult.SCHEMA_VERSION, UUID.randomUUID(),
            REQUEST, "Transfer", "BTC", "customer-42", RequestStatus.ACCEPTED, null, null, List.of(), 55L, null,
            Instant.parse("2025-03-01T12:00:00Z"), null, BigInteger.valueOf(7_500), 4L, BigInteger.valueOf(7_000),
            null, List.of(55L, 56L));

    @Test
    void eventIdIsTheNameBasedUuidOfRequestAndRecord() {
        UUID expected = UUID.nameUUIDFromBytes((REQUEST + "|cryptoassets.account-requests|3|1017")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(ResultSources.eventId(RECORD, REQUEST)).isEqualTo(expected);
        // The README's example result, computed there by hand.
        assertThat(ResultSources.eventId(new RequestSource("cryptoassets.withdrawal-requests", 3, 1017), REQUEST))
                .hasToString("b244507a-6659-3dd1-9142-c3f2ba8774d4");
        assertThat(ResultSources.eventId(new RequestSource(RECORD.topic(), RECORD.partition(), RECORD.offset()), REQUEST))
                .as("a redelivery of the same record").isEqualTo(expected);
    }

    @Test
    void everyOtherRecordOrRequestGetsAnotherEventId() {
        UUID id = ResultSources.eventId(RECORD, REQUEST);

        assertThat(ResultSources.eventId(new RequestSource(RECORD.topic(), RECORD.partition(), 1018), REQUEST)).isNotEqualTo(id);
        assertThat(ResultSources.eventId(new RequestSource(RECORD.topic(), 4, RECORD.offset()), REQUEST)).isNotEqualTo(id);
        assertThat(ResultSources.eventId(new RequestSource("cryptoassets.deposit-requests", 3, 1017), REQUEST))
                .isNotEqualTo(id);
        assertThat(ResultSources.eventId(RECORD, UUID.randomUUID())).as("a recreated topic's offsets").isNotEqualTo(id);
        // The separator keeps partition and offset apart: without it, 3 and 1017 would read as 31 and 017.
        assertThat(ResultSources.eventId(new RequestSource(RECORD.topic(), 31, 17), REQUEST)).isNotEqualTo(id);
    }

    @Test
    void answeringKeepsTheContentAndNamesTheRecord() {
        RequestResult answer = ResultSources.answering(DECIDED, RECORD);

        assertThat(answer.source()).isEqualTo(RECORD);
        assertThat(answer.eventId()).isEqualTo(ResultSources.eventId(RECORD, REQUEST));
        assertThat(answer).usingRecursiveComparison().ignoringFields("eventId", "source").isEqualTo(DECIDED);
    }

    @Test
    void aResultFromNoRecordStaysAsItIs() {
        assertThat(ResultSources.answering(DECIDED, null)).isSameAs(DECIDED);
    }
}
