package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoassets.contracts.deadletter.DeadLetter;
import io.cryptoassets.contracts.deadletter.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static String header(RecordHeaders headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theDiagnosisIsWrittenAsDocumentedHeadersAndReadBack() {
        DeadLetter letter = new DeadLetter(DeadLetterReason.UNREADABLE, "not JSON", "tools.jackson.core.JacksonException",
                Topics.ACCOUNT_REQUESTS, 3, 1234567890123L);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", new byte[] {1});

        letter.writeTo(headers);

        assertThat(header(headers, "cryptoassets-dlt-reason")).isEqualTo("UNREADABLE");
        assertThat(header(headers, "cryptoassets-dlt-detail")).isEqualTo("not JSON");
        assertThat(header(headers, "cryptoassets-dlt-exception")).isEqualTo("tools.jackson.core.JacksonException");
        assertThat(header(headers, "cryptoassets-dlt-original-topic")).isEqualTo("cryptoassets.account-requests");
        assertThat(header(headers, "cryptoassets-dlt-original-partition")).isEqualTo("3");
        assertThat(header(headers, "cryptoassets-dlt-original-offset")).isEqualTo("1234567890123");
        assertThat(headers.lastHeader("traceparent")).isNotNull();
        assertThat(DeadLetter.readFrom(headers)).contains(letter);
    }

    @Test
    void writingAgainReplacesTheEarlierDiagnosisAndDropsAnAbsentException() {
        RecordHeaders headers = new RecordHeaders();
        new DeadLetter(DeadLetterReason.UNREADABLE, "first", "java.lang.Exception", "a", 0, 1).writeTo(headers);
        DeadLetter second = new DeadLetter(DeadLetterReason.INVALID_REQUEST, "second", null, "b", 1, 2);

        second.writeTo(headers);

        assertThat(headers.headers(ContractHeaders.DLT_REASON)).hasSize(1);
        assertThat(headers.lastHeader(ContractHeaders.DLT_EXCEPTION)).isNull();
        assertThat(DeadLetter.readFrom(headers)).contains(second);
    }

    @Test
    void headersWithoutAWholeDiagnosisReadAsNone() {
        RecordHeaders headers = new RecordHeaders();
        assertThat(DeadLetter.readFrom(headers)).isEmpty();

        new DeadLetter(DeadLetterReason.UNREADABLE, "x", null, "a", 0, 1).writeTo(headers);
        headers.remove(ContractHeaders.DLT_ORIGINAL_OFFSET);
        assertThat(DeadLetter.readFrom(headers)).isEmpty();

        headers.add(ContractHeaders.DLT_ORIGINAL_OFFSET, "twelve".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetter.readFrom(headers)).isEmpty();
    }

    @Test
    void aLongDetailIsCutToAFewHundredBytesWithAMarkerNamingItsLength() {
        String type = "X".repeat(600_000);
        DeadLetter letter = new DeadLetter(DeadLetterReason.UNREADABLE, "unknown type \"" + type + "\"", null,
                Topics.ACCOUNT_REQUESTS, 0, 1);
        RecordHeaders headers = new RecordHeaders();

        letter.writeTo(headers);

        byte[] detail = headers.lastHeader(ContractHeaders.DLT_DETAIL).value();
        assertThat(detail.length).isLessThanOrEqualTo(DeadLetter.MAX_TEXT_BYTES);
        assertThat(new String(detail, StandardCharsets.UTF_8)).startsWith("unknown type \"XXX")
                .endsWith("...[cut, 600015 bytes]");
        assertThat(DeadLetter.readFrom(headers)).contains(letter);
    }

    @Test
    void cuttingNeverSplitsACharacter() {
        String euros = "\u20ac".repeat(400); // three UTF-8 bytes each

        String cut = DeadLetter.bounded(euros, 100);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(100);
        assertThat(cut).matches("\u20ac+\\.\\.\\.\\[cut, 1200 bytes]");
        assertThat(DeadLetter.bounded("short", 100)).isEqualTo("short");
        assertThat(DeadLetter.bounded(null, 100)).isNull();
    }
}
