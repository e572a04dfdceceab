package io.cryptoassets.worker.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceparentTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @ParameterizedTest
    @ValueSource(strings = {
            VALID,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"})
    void carriesValidValuesAsTheyAre(String value) {
        assertThat(Traceparent.validOrNull(value)).isEqualTo(value);
        assertThat(Traceparent.traceId(value)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // no trace id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // no parent id
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has 4 fields
            "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01", // fields misplaced
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x"}) // no dash after the fields
    void dropsMalformedValues(String value) {
        assertThat(Traceparent.validOrNull(value)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future, 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01, 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
    void readsFutureVersionsAsVersion00(String value, String expected) {
        assertThat(Traceparent.validOrNull(value)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void nullIsNone() {
        assertThat(Traceparent.validOrNull(null)).isNull();
    }
}
