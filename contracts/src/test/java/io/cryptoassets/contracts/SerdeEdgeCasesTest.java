package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.alert.Severity;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.serde.AccountRequestDeserializer;
import io.cryptoassets.contracts.serde.AlertDeserializer;
import io.cryptoassets.contracts.serde.ContractSerializer;
import io.cryptoassets.contracts.serde.DepositRequestDeserializer;
import io.cryptoassets.contracts.serde.RequestResultDeserializer;
import io.cryptoassets.contracts.serde.TxUpdateDeserializer;
import io.cryptoassets.contracts.serde.WithdrawalRequestDeserializer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SerdeEdgeCasesTest {

    private final ContractSerializer<Message> serializer = new ContractSerializer<>();

    @Test
    void aJavaClientCannotSendWhatTheWorkerWouldRejectAsInvalid() {
        WithdrawalRequested zero = new WithdrawalRequested(UUID.randomUUID(), "BTC", "bad account", Samples.ADDRESS,
                BigInteger.ZERO, null, false);

        assertThatThrownBy(() -> serializer.serialize(Topics.WITHDRAWAL_REQUESTS, zero))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("field=amount")
                .hasMessageContaining("field=accountId");
    }

    @Test
    void amountsAtOrAbove10To78AreRefused() {
        WithdrawalRequested huge = new WithdrawalRequested(UUID.randomUUID(), "BTC", "a", Samples.ADDRESS,
                BigInteger.TEN.pow(78), null, false);

        assertThatThrownBy(() -> serializer.serialize(Topics.WITHDRAWAL_REQUESTS, huge))
                .isInstanceOf(SerializationException.class).hasMessageContaining("field=amount");
    }

    @Test
    void somethingThatIsNotAContractRecordIsRefused() {
        Message stranger = new Message() {
            @Override
            public int schemaVersion() {
                return 1;
            }

            @Override
            public String recordKey() {
                return "k";
            }
        };

        assertThatThrownBy(() -> serializer.serialize("t", stranger)).isInstanceOf(SerializationException.class);
    }

    @Test
    void tombstonesStayNull() {
        assertThat(serializer.serialize(Topics.ALERTS, null)).isNull();
        assertThat(new AlertDeserializer().deserialize(Topics.ALERTS, null)).isNull();
        assertThat(new AccountRequestDeserializer().deserialize(Topics.ACCOUNT_REQUESTS, null)).isNull();
    }

    @Test
    void aRequestDeserializerRefusesAnInvalidRequestNamingTheField() {
        byte[] value = """
                {"type":"OpenAccount","schemaVersion":1,"requestId":"%s","asset":"BTC","accountId":""}
                """.formatted(UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new AccountRequestDeserializer().deserialize(Topics.ACCOUNT_REQUESTS, value))
                .isInstanceOf(SerializationException.class).hasMessageContaining("accountId");
    }

    @Test
    void aRequestDeserializerRefusesAnotherTopicsRequest() {
        OpenAccount open = new OpenAccount(UUID.randomUUID(), "BTC", "a", null);
        byte[] value = serializer.serialize(Topics.ACCOUNT_REQUESTS, open);

        assertThat(new AccountRequestDeserializer().deserialize(Topics.dlt(Topics.ACCOUNT_REQUESTS), value))
                .isEqualTo(open);
        assertThatThrownBy(() -> new WithdrawalRequestDeserializer().deserialize(Topics.WITHDRAWAL_REQUESTS, value))
                .isInstanceOf(SerializationException.class).hasMessageContaining("OpenAccount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"occurredAt\":\"yesterday\"}"})
    void anEventDeserializerRefusesWhatItCannotBind(String value) {
        assertThatThrownBy(() -> new RequestResultDeserializer()
                .deserialize(Topics.REQUEST_RESULTS, value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void timesAreWrittenInUtcWhateverTheLocalZone() {
        Alert alert = new Alert(UUID.randomUUID(), "BTC", AlertKind.NODE_UNREACHABLE, Severity.WARNING, "down", null,
                Instant.parse("2025-01-01T00:00:00Z"));

        String json = new String(serializer.serialize(Topics.ALERTS, alert), StandardCharsets.UTF_8);

        assertThat(json).contains("\"occurredAt\":\"2025-01-01T00:00:00Z\"").contains("\"details\":{}");
    }

    @ParameterizedTest
    @ValueSource(classes = {ContractSerializer.class, WithdrawalRequestDeserializer.class,
            DepositRequestDeserializer.class, AccountRequestDeserializer.class, RequestResultDeserializer.class,
            TxUpdateDeserializer.class, AlertDeserializer.class})
    void kafkaCanCreateEverySerdeFromItsClassName(Class<?> serde) throws Exception {
        Object instance = Utils.newInstance(serde.getName(), Object.class);

        assertThat(instance).isInstanceOfAny(Serializer.class, Deserializer.class);
    }
}
