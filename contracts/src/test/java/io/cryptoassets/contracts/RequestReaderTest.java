package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.ReadOutcome;
import io.cryptoassets.contracts.request.RequestReader;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.TransferLeg;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class RequestReaderTest {

    private static final String REQUEST_ID = "3f2b8c1e-6d4a-4f7b-9a51-0c2d7e8f9a10";

    private final RequestReader reader = new RequestReader();

    private static ObjectNode withdrawal() {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("type", "WithdrawalRequested");
        body.put("schemaVersion", 1);
        body.put("requestId", REQUEST_ID);
        body.put("asset", "BTC");
        body.put("accountId", "customer-42");
        body.put("toAddress", Samples.ADDRESS);
        body.put("amount", "150000");
        return body;
    }

    private ReadOutcome readWithdrawal(Consumer<ObjectNode> change) {
        ObjectNode body = withdrawal();
        change.accept(body);
        return reader.read(Topics.WITHDRAWAL_REQUESTS, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private ReadOutcome.Invalid invalidWithdrawal(Consumer<ObjectNode> change) {
        ReadOutcome outcome = readWithdrawal(change);
        assertThat(outcome).isInstanceOf(ReadOutcome.Invalid.class);
        return (ReadOutcome.Invalid) outcome;
    }

    private ReadOutcome read(String topic, String value) {
        return reader.read(topic, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidRequestIsParsedWithDefaultsForAbsentOptionalFields() {
        ReadOutcome outcome = readWithdrawal(body -> { });

        assertThat(outcome).isEqualTo(new ReadOutcome.Parsed(new WithdrawalRequested(UUID.fromString(REQUEST_ID),
                "BTC", "customer-42", Samples.ADDRESS, BigInteger.valueOf(150_000), null, false)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "1.5", "1e3", "+5", "007", " 5", "", "1000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000"})
    void badAmountsAreInvalidAndNameTheAmount(String amount) {
        ReadOutcome.Invalid invalid = invalidWithdrawal(body -> body.put("amount", amount));

        assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("amount");
        assertThat(invalid.requestId()).isEqualTo(UUID.fromString(REQUEST_ID));
        assertThat(invalid.accountId()).isEqualTo("customer-42");
        assertThat(invalid.asset()).isEqualTo("BTC");
        assertThat(invalid.type()).isEqualTo("WithdrawalRequested");
    }

    @Test
    void seventyEightDigitsIsTheLargestAmountAndSeventyNineIsTooMany() {
        String max = "9".repeat(78);

        assertThat(readWithdrawal(body -> body.put("amount", max))).isInstanceOf(ReadOutcome.Parsed.class);
        assertThat(invalidWithdrawal(body -> body.put("amount", "1" + "0".repeat(78))).errors())
                .extracting(FieldError::field).containsExactly("amount");
    }

    @Test
    void anAmountSentAsANumberIsAWrongType() {
        ReadOutcome.Invalid invalid = invalidWithdrawal(body -> body.put("amount", 150000));

        assertThat(invalid.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("amount");
            assertThat(error.message()).contains("string");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "3f2b8c1e6d4a4f7b9a510c2d7e8f9a10", "3f2b8c1e-6d4a-4f7b-9a51-0c2d7e8f9a1",
            "{3f2b8c1e-6d4a-4f7b-9a51-0c2d7e8f9a10}", "3g2b8c1e-6d4a-4f7b-9a51-0c2d7e8f9a10"})
    void aBadRequestIdIsInvalidAndNotReported(String requestId) {
        ReadOutcome.Invalid invalid = invalidWithdrawal(body -> body.put("requestId", requestId));

        assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("requestId");
        assertThat(invalid.requestId()).isNull();
    }

    @Test
    void uppercaseUuidsAreAcceptedAndCompareAsUuids() {
        ReadOutcome outcome = readWithdrawal(body -> body.put("requestId", REQUEST_ID.toUpperCase()));

        assertThat(((ReadOutcome.Parsed) outcome).request().requestId()).isEqualTo(UUID.fromString(REQUEST_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/no", "ümlaut", "12345678901234567890123456789012345678901234567890"
            + "123456789012345"})
    void aBadAccountIdIsInvalidAndNotReported(String accountId) {
        ReadOutcome.Invalid invalid = invalidWithdrawal(body -> body.put("accountId", accountId));

        assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("accountId");
        assertThat(invalid.accountId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "schemaVersion", "requestId", "asset", "accountId", "toAddress", "amount"})
    void eachMissingRequiredFieldIsNamed(String field) {
        ReadOutcome outcome = readWithdrawal(body -> body.remove(field));

        if (field.equals("type")) {
            assertThat(outcome).isInstanceOf(ReadOutcome.Unreadable.class);
        } else {
            assertThat(((ReadOutcome.Invalid) outcome).errors()).extracting(FieldError::field).containsExactly(field);
        }
    }

    @Test
    void everyOffendingFieldIsReportedInFieldOrder() {
        ReadOutcome.Invalid invalid = invalidWithdrawal(body -> {
            body.remove("toAddress");
            body.put("amount", "0");
            body.put("asset", "btc");
            body.put("forceExternal", "yes");
            body.put("label", "x".repeat(256));
            body.put("schemaVersion", 2);
        });

        assertThat(invalid.errors()).extracting(FieldError::field)
                .containsExactly("amount", "asset", "forceExternal", "label", "schemaVersion", "toAddress");
        assertThat(invalid.asset()).isNull();
        assertThat(invalid.errors()).allSatisfy(error -> assertThat(error.message()).isNotBlank());
    }

    @Test
    void wrongTypesAreNamed() {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("type", "DepositObserved");
        body.put("schemaVersion", "1");
        body.put("asset", "BTC");
        body.put("txid", Samples.TXID);
        body.put("vout", "1");
        body.put("address", Samples.ADDRESS);
        body.put("amount", "5");
        body.put("confirmations", -1);
        body.putArray("blockHash");

        ReadOutcome outcome = read(Topics.DEPOSIT_REQUESTS, body.toString());

        assertThat(((ReadOutcome.Invalid) outcome).errors()).extracting(FieldError::field)
                .containsExactly("blockHash", "confirmations", "schemaVersion", "vout");
    }

    @Test
    void aTransferNamesItsSourceAsTheAccountAndItsOwnFields() {
        ReadOutcome outcome = read(Topics.ACCOUNT_REQUESTS, """
                {"type":"Transfer","schemaVersion":1,"requestId":"%s","asset":"BTC",
                 "fromAccountId":"customer-42","toAccountId":"bad account","amount":"5"}
                """.formatted(REQUEST_ID));

        ReadOutcome.Invalid invalid = (ReadOutcome.Invalid) outcome;
        assertThat(invalid.accountId()).isEqualTo("customer-42");
        assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("toAccountId");
    }

    @Test
    void aValidTransferIsParsed() {
        ReadOutcome outcome = read(Topics.ACCOUNT_REQUESTS, """
                {"type":"Transfer","schemaVersion":1,"requestId":"%s","asset":"BTC",
                 "fromAccountId":"customer-42","toAccountId":"merchant:7","amount":"5"}
                """.formatted(REQUEST_ID));

        assertThat(outcome).isEqualTo(new ReadOutcome.Parsed(new Transfer(UUID.fromString(REQUEST_ID), "BTC",
                "customer-42", "merchant:7", BigInteger.valueOf(5), null)));
    }

    @Test
    void aTransferWithLegsIsParsedWithItsReferenceAndMetadata() {
        ReadOutcome outcome = read(Topics.ACCOUNT_REQUESTS, """
                {"type":"Transfer","schemaVersion":1,"requestId":"%s","asset":"BTC","fromAccountId":"buyer",
                 "legs":[{"fromAccountId":"buyer","toAccountId":"seller","amount":"500"},
                         {"fromAccountId":"buyer","toAccountId":"fees","amount":"5"}],
                 "reference":"trade-7","metadata":{"trade":"7","venue":"otc"}}
                """.formatted(REQUEST_ID));

        assertThat(outcome).isEqualTo(new ReadOutcome.Parsed(Transfer.ofLegs(UUID.fromString(REQUEST_ID), "BTC",
                "buyer", List.of(new TransferLeg("buyer", "seller", BigInteger.valueOf(500)),
                        new TransferLeg("buyer", "fees", BigInteger.valueOf(5))),
                null, "trade-7", Map.of("trade", "7", "venue", "otc"))));
    }

    @Test
    void theTwoFormsOfATransferAreExclusive() {
        String leg = "{\"fromAccountId\":\"a\",\"toAccountId\":\"b\",\"amount\":\"5\"}";
        assertThat(invalidTransfer("\"toAccountId\":\"b\",\"amount\":\"5\",\"legs\":[" + leg + "]"))
                .extracting(FieldError::field).containsExactly("amount", "toAccountId");
        assertThat(invalidTransfer("\"amount\":\"5\""))
                .extracting(FieldError::field).containsExactly("toAccountId");
        assertThat(invalidTransfer("\"legs\":[]")).extracting(FieldError::field)
                .containsExactly("legs");
    }

    @Test
    void aTransferHasAtMostSixteenLegsEachComplete() {
        String leg = "{\"fromAccountId\":\"a\",\"toAccountId\":\"b\",\"amount\":\"5\"}";
        String sixteen = String.join(",", Collections.nCopies(Transfer.MAX_LEGS, leg));
        assertThat(read(Topics.ACCOUNT_REQUESTS, transfer("\"legs\":[" + sixteen + "]")))
                .isInstanceOf(ReadOutcome.Parsed.class);
        assertThat(invalidTransfer("\"legs\":[" + sixteen + "," + leg + "]"))
                .extracting(FieldError::field).containsExactly("legs");
        assertThat(invalidTransfer("\"legs\":[" + leg + ",{\"fromAccountId\":\"a\",\"amount\":\"0\"}]"))
                .extracting(FieldError::field).containsExactly("legs[1].amount", "legs[1].toAccountId");
    }

    @Test
    void aTransfersMetadataAndReferenceAreBounded() {
        String single = "\"toAccountId\":\"b\",\"amount\":\"5\",";
        StringBuilder seventeen = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            seventeen.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertThat(invalidTransfer(single + "\"metadata\":{" + seventeen + "}"))
                .extracting(FieldError::field).containsExactly("metadata");
        assertThat(invalidTransfer(single + "\"metadata\":{\"k\":\"" + "x".repeat(501) + "\"}"))
                .extracting(FieldError::field).containsExactly("metadata.k");
        assertThat(invalidTransfer(single + "\"metadata\":{\"k\":7}"))
                .extracting(FieldError::field).containsExactly("metadata.k");
        assertThat(invalidTransfer(single + "\"reference\":\"" + "r".repeat(129) + "\""))
                .extracting(FieldError::field).containsExactly("reference");
        assertThat(invalidTransfer(single + "\"reference\":\"\""))
                .extracting(FieldError::field).containsExactly("reference");
    }

    private static String transfer(String fields) {
        return ("{\"type\":\"Transfer\",\"schemaVersion\":1,\"requestId\":\"%s\",\"asset\":\"BTC\","
                + "\"fromAccountId\":\"a\"," + fields + "}").formatted(REQUEST_ID);
    }

    private List<FieldError> invalidTransfer(String fields) {
        ReadOutcome outcome = read(Topics.ACCOUNT_REQUESTS, transfer(fields));
        assertThat(outcome).isInstanceOf(ReadOutcome.Invalid.class);
        return ((ReadOutcome.Invalid) outcome).errors();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Withdrawal", "OpenAccount", "withdrawalrequested", ""})
    void aTypeTheTopicDoesNotCarryIsUnreadable(String type) {
        ReadOutcome outcome = readWithdrawal(body -> body.put("type", type));

        assertThat(outcome).isInstanceOf(ReadOutcome.Unreadable.class);
        assertThat(((ReadOutcome.Unreadable) outcome).reason()).contains("WithdrawalRequested");
    }

    @Test
    void aTypeThatIsNotAStringIsUnreadable() {
        assertThat(readWithdrawal(body -> body.put("type", 7))).isInstanceOf(ReadOutcome.Unreadable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"type\":", "[]", "\"WithdrawalRequested\"", "null", "42",
            "{\"type\":\"OpenAccount\"} trailing", "{\"type\":\"OpenAccount\",\"type\":\"Transfer\"}"})
    void valuesThatAreNotOneJsonObjectAreUnreadable(String value) {
        assertThat(read(Topics.ACCOUNT_REQUESTS, value)).isInstanceOf(ReadOutcome.Unreadable.class);
    }

    @Test
    void nonUtf8BytesAndEmptyValuesAreUnreadable() {
        assertThat(reader.read(Topics.ACCOUNT_REQUESTS, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}))
                .isInstanceOf(ReadOutcome.Unreadable.class);
        assertThat(reader.read(Topics.ACCOUNT_REQUESTS, new byte[0])).isInstanceOf(ReadOutcome.Unreadable.class);
        assertThat(reader.read(Topics.ACCOUNT_REQUESTS, null)).isInstanceOf(ReadOutcome.Unreadable.class);
    }

    @Test
    void aTopicThatCarriesNoRequestsIsAWiringMistake() {
        assertThatThrownBy(() -> read(Topics.REQUEST_RESULTS, "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("elsewhere", "{}")).isInstanceOf(IllegalArgumentException.class);
    }

    private ReadOutcome readCapture(String destination) {
        return read(Topics.ACCOUNT_REQUESTS, """
                {"type":"CaptureHold","schemaVersion":1,"requestId":"%s","asset":"BTC","accountId":"customer-42",
                 "holdId":"order:1001"%s}
                """.formatted(REQUEST_ID, destination));
    }

    @Test
    void aCaptureNamesExactlyOneDestination() {
        assertThat(readCapture(",\"toAccountId\":\"merchant:7\"")).isEqualTo(new ReadOutcome.Parsed(
                CaptureHold.toAccount(UUID.fromString(REQUEST_ID), "BTC", "customer-42", "order:1001", null,
                        "merchant:7")));
        assertThat(readCapture(",\"toAddress\":\"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\",\"amount\":\"5\""))
                .isEqualTo(new ReadOutcome.Parsed(CaptureHold.toAddress(UUID.fromString(REQUEST_ID), "BTC",
                        "customer-42", "order:1001", BigInteger.valueOf(5),
                        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")));
        assertThat(((ReadOutcome.Invalid) readCapture("")).errors()).extracting(FieldError::field)
                .containsExactly("toAccountId");
        assertThat(((ReadOutcome.Invalid) readCapture(
                ",\"toAccountId\":\"merchant:7\",\"toAddress\":\"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\""))
                .errors()).extracting(FieldError::field).containsExactly("toAddress");
    }

    private static final String WITHDRAWAL_REQUEST_ID = "9b2d6f0a-1c3e-4a5b-8d7f-2e4c6a8b0d1f";

    private ReadOutcome readCancel(String naming) {
        return read(Topics.WITHDRAWAL_REQUESTS, """
                {"type":"CancelWithdrawal","schemaVersion":1,"requestId":"%s","asset":"BTC","accountId":"customer-42"%s}
                """.formatted(REQUEST_ID, naming));
    }

    @Test
    void aCancelNamesItsWithdrawalByRequestIdOrByTransaction() {
        assertThat(readCancel(",\"withdrawalRequestId\":\"" + WITHDRAWAL_REQUEST_ID.toUpperCase() + "\""))
                .isEqualTo(new ReadOutcome.Parsed(CancelWithdrawal.ofRequest(UUID.fromString(REQUEST_ID), "BTC",
                        "customer-42", UUID.fromString(WITHDRAWAL_REQUEST_ID))));
        assertThat(readCancel(",\"transactionId\":1017")).isEqualTo(new ReadOutcome.Parsed(
                CancelWithdrawal.ofTransaction(UUID.fromString(REQUEST_ID), "BTC", "customer-42", 1017)));
    }

    @Test
    void aCancelNamingNoWithdrawalAsksForTheRequestId() {
        ReadOutcome.Invalid invalid = (ReadOutcome.Invalid) readCancel("");

        assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("withdrawalRequestId");
        assertThat(invalid.requestId()).isEqualTo(UUID.fromString(REQUEST_ID));
        assertThat(invalid.accountId()).isEqualTo("customer-42");
        assertThat(invalid.type()).isEqualTo("CancelWithdrawal");
    }

    @Test
    void aCancelNamingItsWithdrawalTwiceIsToldToLeaveTheTransactionOut() {
        ReadOutcome.Invalid invalid = (ReadOutcome.Invalid) readCancel(
                ",\"withdrawalRequestId\":\"" + WITHDRAWAL_REQUEST_ID + "\",\"transactionId\":1017");

        assertThat(invalid.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("transactionId");
            assertThat(error.message()).startsWith("must be left out").doesNotContain("false");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "9007199254740992", "\"1017\"", "1.5"})
    void aCancelWithABadTransactionIdNamesIt(String transactionId) {
        ReadOutcome.Invalid invalid = (ReadOutcome.Invalid) readCancel(",\"transactionId\":" + transactionId);

        assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("transactionId");
    }
}
