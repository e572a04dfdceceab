package io.cryptoassets.worker.chain.bitcoind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.ReceivedSince;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import io.cryptoassets.worker.chain.bitcoind.DroppingNode.Drop;
import io.cryptoassets.worker.chain.bitcoind.FakeBitcoind.Reply;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BitcoindNodeTest {

    private static final String USER = "worker";
    private static final String PASSWORD = "s3cret-rpc-password";

    private static final String TX_A = "16623bbc30db96f7723c0e78e103702556b411991feb36bb6e0954613f600cc1";
    private static final String TX_B = "27ce1d1bf4270020e1799f12e647f5cbabda2b9eafd7202c43012a539986916b";
    private static final String TX_C = "3b6a765ede676559e0f261b5b9e339c9f36819c74a67568eb417ff4b379dbfbd";
    private static final String TX_D = "d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa";
    private static final String TX_E = "0c326c4f02797b088fc566e64fbfe2162390f52f2fec1483ec3a413a7f11c910";
    private static final String TX_F = "252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111";
    private static final String TX_G = "cd0aa9856147b6c5b4ff2b7dfee5da20aa38253099ef1b4a64aced233c9afe29";
    private static final String BLOCK = "00000000000000000002496aca80e4d8f29fb8e8cd816c3afb48d3f103970b3a";
    private static final String LAST_BLOCK = "000000000000000000013547cb112ac4489af2310c0626cdba6f3097a2ad5a3b";

    private static final String BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    private static final String P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy";
    private static final String P2PKH = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2";
    private static final String TAPROOT = "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297";

    /** 20999999.9769 BTC, the largest amount in the tests that a real wallet could hold. */
    private static final BigInteger ALMOST_ALL_BITCOIN = new BigInteger("2099999997690000");

    private FakeBitcoind fake;

    @TempDir
    Path dir;

    @BeforeEach
    void startNode() throws IOException {
        fake = new FakeBitcoind(USER, PASSWORD);
    }

    @AfterEach
    void stopNode() {
        fake.close();
    }

    // ---- requests: path, credentials, envelope, parameters ----

    @Test
    void newAddressGoesToTheWalletPathWithBasicCredentialsLabelAndAddressType() {
        fake.answer("getnewaddress", Reply.result("\"" + TAPROOT + "\""));
        BitcoindNode node = new BitcoindNode(new BitcoindProperties(fake.url(), "hot wallet/2024", USER, PASSWORD,
                null, null, null, null, "bech32m"), 8);

        assertThat(node.newAddress("deposit-42")).isEqualTo(TAPROOT);

        FakeBitcoind.Call call = fake.onlyCall();
        assertThat(call.path()).isEqualTo("/wallet/hot%20wallet%2F2024");
        assertThat(call.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("worker:s3cret-rpc-password".getBytes(StandardCharsets.UTF_8)));
        assertThat(call.method()).isEqualTo("getnewaddress");
        assertThat(call.paramsJson()).isEqualTo("[\"deposit-42\",\"bech32m\"]");
        assertThat(call.rawBody()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":");
    }

    @Test
    void withoutWalletOrAddressTypeRequestsGoToTheBareUrlWithTheLabelOnly() {
        fake.answer("getnewaddress", Reply.legacyResult("\"" + BECH32 + "\""));

        assertThat(node(null).newAddress("deposit-43")).isEqualTo(BECH32);

        assertThat(fake.onlyCall().path()).isEqualTo("/");
        assertThat(fake.onlyCall().paramsJson()).isEqualTo("[\"deposit-43\"]");
    }

    @Test
    void everyCallHasItsOwnId() {
        fake.answer("getblockcount", Reply.result("870123"));
        BitcoindNode node = node("hot");

        node.blockCount();
        node.blockCount();

        List<FakeBitcoind.Call> calls = fake.calls("getblockcount");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).id().longValue()).isNotEqualTo(calls.get(1).id().longValue());
        assertThat(calls.get(0).paramsJson()).isEqualTo("[]");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void blockCountReadsBothAnswerShapes(boolean jsonRpc20Answer) {
        fake.answer("getblockcount", jsonRpc20Answer ? Reply.result("870123") : Reply.legacyResult("870123"));

        assertThat(node("hot").blockCount()).isEqualTo(870123L);
    }

    @Test
    void spendableBalanceIsTheTrustedBalanceOfGetbalances() {
        fake.answer("getbalances", Reply.result(
                "{\"mine\":{\"trusted\":12.34567891,\"untrusted_pending\":0.5,\"immature\":50.00000000}}"));

        assertThat(node("hot").spendableBalance()).isEqualTo(new BigInteger("1234567891"));
        assertThat(fake.onlyCall().paramsJson()).isEqualTo("[]");
    }

    @Test
    void getbalancesWithoutMineIsRefused() {
        fake.answer("getbalances", Reply.result("{\"watchonly\":{\"trusted\":1}}"));

        assertThatThrownBy(() -> node("hot").spendableBalance()).isInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("getbalances");
    }

    // ---- amounts: exact both ways ----

    @Test
    void sendWritesExactPlainDecimalsAndReturnsTheTxid() {
        fake.answer("sendmany", Reply.result("\"" + TX_B + "\""));
        Map<String, BigInteger> outputs = new LinkedHashMap<>();
        outputs.put(BECH32, BigInteger.ONE);
        outputs.put(P2SH, ALMOST_ALL_BITCOIN);
        outputs.put(P2PKH, new BigInteger("10000000000"));

        assertThat(node("hot").send(outputs)).isEqualTo(TX_B);

        FakeBitcoind.Call call = fake.onlyCall();
        assertThat(call.path()).isEqualTo("/wallet/hot");
        assertThat(call.method()).isEqualTo("sendmany");
        assertThat(call.rawBody()).contains("\"params\":[\"\",{\"" + BECH32 + "\":0.00000001,\""
                + P2SH + "\":20999999.9769,\"" + P2PKH + "\":100}]");
    }

    @Test
    void aSendLargerThanOneNetworkBufferArrivesWhole() {
        fake.answer("sendmany", Reply.result("\"" + TX_B + "\""));
        Map<String, BigInteger> outputs = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            outputs.put(String.format("bc1qwithdrawal%026d", i), BigInteger.valueOf(1000L + i));
        }

        assertThat(node("hot").send(outputs)).isEqualTo(TX_B);

        FakeBitcoind.Call call = fake.onlyCall();
        assertThat(call.rawBody().length()).isGreaterThan(32 * 1024);
        assertThat(call.params().get(1).size()).isEqualTo(1000);
        assertThat(call.rawBody()).contains("\"bc1qwithdrawal00000000000000000000000999\":0.00001999}");
    }

    @Test
    void sendRefusesInvalidOutputsWithoutCallingTheNode() {
        BitcoindNode node = node("hot");

        assertThatThrownBy(() -> node.send(Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.send(Map.of(BECH32, BigInteger.ZERO))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.send(Map.of(BECH32, BigInteger.valueOf(-5)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.send(Map.of(" ", BigInteger.ONE))).isInstanceOf(IllegalArgumentException.class);
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void transactionReadsAmountsAndFeeExactlyAndReportsOnlyReceives() {
        fake.answer("gettransaction", Reply.result("""
                {
                  "amount": -0.00000001,
                  "fee": -0.00001410,
                  "confirmations": 3,
                  "blockhash": "%s",
                  "blockheight": 870121,
                  "blockindex": 7,
                  "blocktime": 1731000000,
                  "txid": "%s",
                  "wtxid": "%s",
                  "walletconflicts": [],
                  "time": 1730999400,
                  "timereceived": 1730999400,
                  "bip125-replaceable": "no",
                  "details": [
                    {"address": "%s", "category": "send", "amount": -0.00000001, "label": "", "vout": 0,
                     "fee": -0.00001410, "abandoned": false},
                    {"address": "%s", "category": "receive", "amount": 20999999.9769, "label": "deposit-7", "vout": 2,
                     "abandoned": false, "parent_descs": ["wpkh(tpub/84h/0h/0h/0/*)#abcdefgh"]},
                    {"address": "%s", "category": "receive", "amount": 0.00000001, "label": "deposit-8", "vout": 1,
                     "abandoned": false}
                  ],
                  "hex": "02000000000101"
                }
                """.formatted(BLOCK, TX_B, TX_C, P2PKH, BECH32, P2SH)));

        Optional<NodeTransaction> transaction = node("hot").transaction(TX_B);

        assertThat(transaction).contains(new NodeTransaction(TX_B, 3, BigInteger.valueOf(1410), List.of(
                new ReceivedOutput(TX_B, 1, P2SH, BigInteger.ONE, 3),
                new ReceivedOutput(TX_B, 2, BECH32, ALMOST_ALL_BITCOIN, 3))));
        assertThat(fake.onlyCall().paramsJson()).isEqualTo("[\"" + TX_B + "\",false]");
    }

    @Test
    void amountsBeyondALongAndBeyondDoublePrecisionAreExact() {
        // 2^63 satoshi, and 18 significant digits: neither a long nor a double could carry them.
        fake.answer("gettransaction", Reply.result(pureReceive(TX_A, 1, "92233720368.54775808")));

        NodeTransaction transaction = node("hot").transaction(TX_A).orElseThrow();

        assertThat(transaction.received()).extracting(ReceivedOutput::amount)
                .containsExactly(new BigInteger("9223372036854775808"));
    }

    @Test
    void pureReceiveHasNoFee() {
        fake.answer("gettransaction", Reply.result(pureReceive(TX_A, 6, "0.5")));

        NodeTransaction transaction = node("hot").transaction(TX_A).orElseThrow();

        assertThat(transaction.fee()).isNull();
        assertThat(transaction.confirmations()).isEqualTo(6);
        assertThat(transaction.received()).containsExactly(
                new ReceivedOutput(TX_A, 0, BECH32, BigInteger.valueOf(50_000_000), 6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.000000001", "1.123456789", "0.00000000100000001"})
    void amountsWithMoreDecimalsThanTheAssetAreRejected(String amount) {
        fake.answer("gettransaction", Reply.result(pureReceive(TX_A, 1, amount)));
        BitcoindNode node = node("hot");

        assertThatThrownBy(() -> node.transaction(TX_A))
                .isInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("more than 8 decimals");
    }

    @Test
    void trailingZerosBeyondTheAssetsDecimalsAreNotExtraPrecision() {
        fake.answer("gettransaction", Reply.result(pureReceive(TX_A, 1, "0.1000000000")));

        assertThat(node("hot").transaction(TX_A).orElseThrow().received())
                .extracting(ReceivedOutput::amount).containsExactly(BigInteger.valueOf(10_000_000));
    }

    @Test
    void feeWithMoreDecimalsThanTheAssetIsRejected() {
        fake.answer("gettransaction", Reply.result("""
                {"amount": -0.1, "fee": -0.000014101, "confirmations": 1, "txid": "%s", "time": 1730999400,
                 "timereceived": 1730999400, "walletconflicts": [], "details": [], "hex": "02"}
                """.formatted(TX_B)));
        BitcoindNode node = node("hot");

        assertThatThrownBy(() -> node.transaction(TX_B))
                .isInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("'fee'");
    }

    @Test
    void amountWrittenAsAStringIsNotAccepted() {
        fake.answer("gettransaction", Reply.result(pureReceive(TX_A, 1, "\"0.5\"")));
        BitcoindNode node = node("hot");

        assertThatThrownBy(() -> node.transaction(TX_A))
                .isInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("not an exact decimal number");
    }

    // ---- conflicted transactions ----

    @Test
    void negativeConfirmationsOfAConflictedTransactionAreZeroAndSayConflicted() {
        fake.answer("gettransaction", Reply.result("""
                {"amount": 0.5, "confirmations": -2, "trusted": false, "txid": "%s", "wtxid": "%s",
                 "walletconflicts": ["%s"], "time": 1730999400, "timereceived": 1730999400,
                 "bip125-replaceable": "no",
                 "details": [{"address": "%s", "category": "receive", "amount": 0.5, "label": "d", "vout": 0,
                              "abandoned": false}],
                 "hex": "02"}
                """.formatted(TX_A, TX_A, TX_D, BECH32)));

        NodeTransaction transaction = node("hot").transaction(TX_A).orElseThrow();

        assertThat(transaction.confirmations()).isZero();
        assertThat(transaction.conflicted()).isTrue();
        assertThat(transaction.received()).containsExactly(
                new ReceivedOutput(TX_A, 0, BECH32, BigInteger.valueOf(50_000_000), 0));
    }

    // ---- listsinceblock ----

    @Test
    void receivedSinceListsReceivesOldestBlockFirstAndReturnsTheLastBlock() {
        fake.answer("listsinceblock", Reply.result("""
                {
                  "transactions": [
                    {"address": "%1$s", "category": "receive", "amount": 0.00100000, "label": "deposit-1", "vout": 0,
                     "confirmations": 0, "trusted": false, "txid": "%4$s", "wtxid": "%4$s", "walletconflicts": [],
                     "time": 1731000600, "timereceived": 1731000600, "bip125-replaceable": "yes"},
                    {"address": "%2$s", "category": "send", "amount": -1.5, "vout": 1, "fee": -0.0000141,
                     "confirmations": 4, "blockhash": "%9$s", "blockheight": 870120, "blockindex": 1,
                     "blocktime": 1731000000, "txid": "%5$s", "wtxid": "%5$s", "walletconflicts": [],
                     "time": 1730999000, "timereceived": 1730999000, "bip125-replaceable": "no", "abandoned": false},
                    {"address": "%3$s", "category": "receive", "amount": 20999999.9769, "label": "deposit-2", "vout": 3,
                     "confirmations": 4, "blockhash": "%9$s", "blockheight": 870120, "blockindex": 2,
                     "blocktime": 1731000000, "txid": "%6$s", "wtxid": "%6$s", "walletconflicts": [],
                     "time": 1730999000, "timereceived": 1730999000, "bip125-replaceable": "no"},
                    {"address": "%1$s", "category": "immature", "amount": 3.125, "vout": 0, "confirmations": 2,
                     "generated": true, "blockhash": "%9$s", "blockheight": 870122, "blockindex": 0,
                     "blocktime": 1731000300, "txid": "%10$s", "wtxid": "%10$s", "walletconflicts": [],
                     "time": 1731000300, "timereceived": 1731000300, "bip125-replaceable": "no"},
                    {"address": "%3$s", "category": "generate", "amount": 3.125, "vout": 0, "confirmations": 101,
                     "generated": true, "blockhash": "%9$s", "blockheight": 870021, "blockindex": 0,
                     "blocktime": 1730900000, "txid": "%11$s", "wtxid": "%11$s", "walletconflicts": [],
                     "time": 1730900000, "timereceived": 1730900000, "bip125-replaceable": "no"},
                    {"address": "%2$s", "category": "receive", "amount": 0.00000001, "label": "deposit-3", "vout": 1,
                     "confirmations": 2, "blockhash": "%9$s", "blockheight": 870122, "blockindex": 5,
                     "blocktime": 1731000300, "txid": "%7$s", "wtxid": "%7$s", "walletconflicts": [],
                     "time": 1731000300, "timereceived": 1731000300, "bip125-replaceable": "no"},
                    {"address": "%1$s", "category": "receive", "amount": 0.2, "label": "deposit-1", "vout": 0,
                     "confirmations": -1, "trusted": false, "txid": "%8$s", "wtxid": "%8$s",
                     "walletconflicts": ["%4$s"], "time": 1731000500, "timereceived": 1731000500,
                     "bip125-replaceable": "yes"}
                  ],
                  "removed": [],
                  "lastblock": "%12$s"
                }
                """.formatted(BECH32, P2SH, P2PKH, TX_D, TX_B, TX_A, TX_C, TX_E, BLOCK, TX_F, TX_G, LAST_BLOCK)));

        ReceivedSince since = node("hot").receivedSince(BLOCK, 6);

        assertThat(since.lastBlock()).isEqualTo(LAST_BLOCK);
        assertThat(since.received()).containsExactly(
                new ReceivedOutput(TX_A, 3, P2PKH, ALMOST_ALL_BITCOIN, 4),
                new ReceivedOutput(TX_C, 1, P2SH, BigInteger.ONE, 2),
                new ReceivedOutput(TX_E, 0, BECH32, BigInteger.valueOf(20_000_000), 0),
                new ReceivedOutput(TX_D, 0, BECH32, BigInteger.valueOf(100_000), 0));
        assertThat(fake.onlyCall().paramsJson()).isEqualTo("[\"" + BLOCK + "\",6,false]");
    }

    @Test
    void receivedSinceWithoutABlockHashAsksForTheWholeWallet() {
        fake.answer("listsinceblock", Reply.legacyResult(
                "{\"transactions\":[],\"removed\":[],\"lastblock\":\"" + LAST_BLOCK + "\"}"));

        ReceivedSince since = node("hot").receivedSince(null, 1);

        assertThat(since).isEqualTo(new ReceivedSince(List.of(), LAST_BLOCK));
        assertThat(fake.onlyCall().paramsJson()).isEqualTo("[null,1,false]");
    }

    @Test
    void receivedSinceRejectsAnAmountWithTooManyDecimals() {
        fake.answer("listsinceblock", Reply.result("""
                {"transactions": [{"address": "%s", "category": "receive", "amount": 0.123456789, "vout": 0,
                  "confirmations": 1, "txid": "%s"}], "removed": [], "lastblock": "%s"}
                """.formatted(BECH32, TX_A, LAST_BLOCK)));
        BitcoindNode node = node("hot");

        assertThatThrownBy(() -> node.receivedSince(BLOCK, 6))
                .isInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("more than 8 decimals");
    }

    // ---- error objects ----

    static Stream<Arguments> errorShapes() {
        return Stream.of(
                Arguments.of("JSON-RPC 1.0 shape, HTTP 500", (ErrorReply) FakeBitcoind.Reply::legacyError),
                Arguments.of("JSON-RPC 2.0 shape, HTTP 200", (ErrorReply) FakeBitcoind.Reply::error20));
    }

    interface ErrorReply {
        Reply of(int code, String message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorShapes")
    void unknownTxidIsEmpty(String shape, ErrorReply error) {
        fake.answer("gettransaction", error.of(-5, "Invalid or non-wallet transaction id"));

        assertThat(node("hot").transaction(TX_D)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorShapes")
    void otherErrorsOfGettransactionAreFailuresWithTheirCode(String shape, ErrorReply error) {
        fake.answer("gettransaction", error.of(-18, "Requested wallet does not exist or is not loaded"));
        BitcoindNode node = node("cold");

        NodeCallFailedException failure = catchThrowableOfType(() -> node.transaction(TX_D), NodeCallFailedException.class);

        assertThat(failure.rpcCode()).isEqualTo(-18);
        assertThat(failure).hasMessageContaining("Requested wallet does not exist or is not loaded");
        assertThat(failure.concernsTheCall()).as("the wallet not loaded: a state of the node, not of this call")
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorShapes")
    void anErrorAboutTheCallConcernsTheCallAndWarmUpDoesNot(String shape, ErrorReply error) {
        fake.answer("gettransaction", error.of(-8, "Invalid parameter"));
        NodeCallFailedException aboutTheCall = catchThrowableOfType(() -> node("hot").transaction(TX_D),
                NodeCallFailedException.class);
        fake.answer("gettransaction", error.of(-28, "Loading wallet..."));
        NodeCallFailedException warmingUp = catchThrowableOfType(() -> node("hot").transaction(TX_D),
                NodeCallFailedException.class);

        assertThat(aboutTheCall.concernsTheCall()).isTrue();
        assertThat(warmingUp.concernsTheCall()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorShapes")
    void errorObjectOnSendIsNothingSent(String shape, ErrorReply error) {
        fake.answer("sendmany", error.of(-6, "Insufficient funds"));
        BitcoindNode node = node("hot");

        Throwable thrown = catchThrowableOfType(() -> node.send(Map.of(BECH32, BigInteger.ONE)), RuntimeException.class);

        assertThat(thrown).isExactlyInstanceOf(NodeCallFailedException.class).hasMessageContaining("Insufficient funds");
        assertThat(((NodeCallFailedException) thrown).rpcCode()).isEqualTo(-6);
        assertThat(fake.calls("sendmany")).hasSize(1);
    }

    @Test
    void methodNotFoundWithHttp404IsAFailureWithItsCode() {
        // FakeBitcoind answers unknown methods like the node: -32601 with HTTP 404.
        BitcoindNode node = node("hot");

        NodeCallFailedException failure = catchThrowableOfType(node::blockCount, NodeCallFailedException.class);

        assertThat(failure.rpcCode()).isEqualTo(-32601);
    }

    // ---- credentials ----

    @Test
    void wrongCredentialsAreAFailureThatNamesThemButNeverShowsThem() {
        fake.expectCredentials(USER, "another-password");
        BitcoindNode node = node("hot");

        NodeCallFailedException onRead = catchThrowableOfType(node::blockCount, NodeCallFailedException.class);
        Throwable onSend = catchThrowableOfType(() -> node.send(Map.of(BECH32, BigInteger.ONE)), RuntimeException.class);

        assertThat(onRead).hasMessageContaining("refused the credentials (HTTP 401)");
        assertThat(onRead.rpcCode()).isNull();
        // The node checks credentials before reading the call: a refused send sent nothing.
        assertThat(onSend).isExactlyInstanceOf(NodeCallFailedException.class).hasMessageContaining("HTTP 401");
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(onRead.getMessage()).doesNotContain(PASSWORD).doesNotContain(basic);
        assertThat(onSend.getMessage()).doesNotContain(PASSWORD).doesNotContain(basic);
        assertThat(new BitcoindProperties(fake.url(), "hot", USER, PASSWORD, null, null, null, null, null).toString())
                .doesNotContain(PASSWORD);
    }

    @Test
    void cookieFileIsReadAtEveryCallSoANodeRestartIsFollowed() throws IOException {
        Path cookie = dir.resolve(".cookie");
        Files.writeString(cookie, "__cookie__:0f3a9c1e5b7d2468ace13579bdf02468");
        fake.expectCredentials("__cookie__", "0f3a9c1e5b7d2468ace13579bdf02468");
        fake.answer("getblockcount", Reply.result("870123"));
        BitcoindNode node = new BitcoindNode(BitcoindProperties.withCookieFile(fake.url(), "hot", cookie), 8);

        assertThat(node.blockCount()).isEqualTo(870123L);

        Files.writeString(cookie, "__cookie__:77e1d2c3b4a5968778695a4b3c2d1e0f\n");
        fake.expectCredentials("__cookie__", "77e1d2c3b4a5968778695a4b3c2d1e0f");
        assertThat(node.blockCount()).isEqualTo(870123L);

        assertThat(fake.calls("getblockcount")).extracting(FakeBitcoind.Call::authorization).containsExactly(
                "Basic " + Base64.getEncoder().encodeToString(
                        "__cookie__:0f3a9c1e5b7d2468ace13579bdf02468".getBytes(StandardCharsets.US_ASCII)),
                "Basic " + Base64.getEncoder().encodeToString(
                        "__cookie__:77e1d2c3b4a5968778695a4b3c2d1e0f".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void missingCookieFileFailsBeforeAnythingIsSentEvenForASend() {
        BitcoindNode node = new BitcoindNode(
                BitcoindProperties.withCookieFile(fake.url(), "hot", dir.resolve("no-such-.cookie")), 8);

        Throwable thrown = catchThrowableOfType(() -> node.send(Map.of(BECH32, BigInteger.ONE)), RuntimeException.class);

        assertThat(thrown).isExactlyInstanceOf(NodeCallFailedException.class).hasMessageContaining("cookie file");
        assertThat(fake.calls()).isEmpty();
    }

    // ---- transport failures ----

    @Test
    void sendThatTimesOutAfterTheNodeGotItIsOutcomeUnknownAndNotRetried() throws InterruptedException {
        fake.answer("sendmany", Reply.result("\"" + TX_B + "\"").heldUntilClose());
        BitcoindNode node = node("hot", Duration.ofSeconds(10), Duration.ofMillis(800));

        long started = System.nanoTime();
        Throwable thrown = catchThrowableOfType(() -> node.send(Map.of(BECH32, BigInteger.ONE)), RuntimeException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(thrown).isExactlyInstanceOf(SendOutcomeUnknownException.class)
                .hasMessageContaining("no complete answer within 800 ms");
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertThat(fake.awaitFirstCall()).isTrue();
        assertThat(fake.calls("sendmany")).hasSize(1);
    }

    @Test
    void readThatTimesOutIsAFailure() {
        fake.answer("getblockcount", Reply.result("870123").heldUntilClose());
        BitcoindNode node = node("hot", Duration.ofMillis(500), Duration.ofSeconds(10));

        assertThatThrownBy(node::blockCount)
                .isExactlyInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("no complete answer within 500 ms")
                .satisfies(e -> assertThat(((NodeCallFailedException) e).concernsTheCall()).isFalse());
    }

    @Test
    void refusedConnectionIsNothingSentForSendsAndReads() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        BitcoindNode node = new BitcoindNode(BitcoindProperties.withPassword(closedPort, "hot", USER, PASSWORD), 8);

        Throwable onSend = catchThrowableOfType(() -> node.send(Map.of(BECH32, BigInteger.ONE)), RuntimeException.class);
        Throwable onRead = catchThrowableOfType(node::blockCount, RuntimeException.class);

        assertThat(onSend).isExactlyInstanceOf(NodeCallFailedException.class).hasMessageContaining("never left");
        assertThat(onRead).isExactlyInstanceOf(NodeCallFailedException.class).hasMessageContaining("never left");
        assertThat(((NodeCallFailedException) onRead).concernsTheCall()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Drop.class)
    void connectionBrokenAfterTheNodeGotASendIsOutcomeUnknown(Drop drop) throws IOException {
        try (DroppingNode dropping = new DroppingNode(drop)) {
            BitcoindNode node = new BitcoindNode(BitcoindProperties.withPassword(dropping.url(), "hot", USER, PASSWORD), 8);

            Throwable thrown = catchThrowableOfType(() -> node.send(Map.of(BECH32, BigInteger.ONE)), RuntimeException.class);

            assertThat(thrown).isExactlyInstanceOf(SendOutcomeUnknownException.class);
            assertThat(dropping.requests()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Drop.class)
    void connectionBrokenDuringAReadIsAFailure(Drop drop) throws IOException {
        try (DroppingNode dropping = new DroppingNode(drop)) {
            BitcoindNode node = new BitcoindNode(BitcoindProperties.withPassword(dropping.url(), "hot", USER, PASSWORD), 8);

            assertThatThrownBy(node::blockCount).isExactlyInstanceOf(NodeCallFailedException.class);
        }
    }

    // ---- answers that cannot be read ----

    /** Answers that are not a usable JSON-RPC response around a result that would be fine. */
    private static Stream<Reply> brokenAnswers(String result, String otherResult) {
        return Stream.of(
                Reply.of(503, "Work queue depth exceeded"),
                Reply.of(502, "<html><body>502 Bad Gateway</body></html>"),
                Reply.of(500, ""),
                Reply.of(200, ""),
                Reply.of(200, "not json at all"),
                Reply.of(200, "{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":"),
                Reply.of(200, "{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":%ID%} trailing"),
                Reply.of(200, "{\"result\":" + result + ",\"result\":" + otherResult + ",\"error\":null,\"id\":%ID%}"),
                Reply.of(200, "{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":987654321}"),
                Reply.of(200, "{\"jsonrpc\":\"2.0\",\"id\":%ID%}"),
                Reply.of(200, "{\"result\":null,\"error\":null,\"id\":%ID%}"),
                Reply.of(200, "[" + result + "]"),
                Reply.of(500, "{\"result\":null,\"error\":\"Insufficient funds\",\"id\":%ID%}"),
                Reply.of(200, "{\"result\":null,\"error\":{\"code\":-6,\"message\":\"x\"},\"id\":987654321}"));
    }

    static Stream<Reply> unusableSendAnswers() {
        return Stream.concat(brokenAnswers("\"" + TX_B + "\"", "\"" + TX_A + "\""),
                Stream.of(Reply.of(200, "{\"jsonrpc\":\"2.0\",\"result\":\"sent\",\"id\":%ID%}"),
                        Reply.of(200, "{\"jsonrpc\":\"2.0\",\"result\":{\"txid\":\"" + TX_B + "\"},\"id\":%ID%}")));
    }

    static Stream<Reply> unusableReadAnswers() {
        return brokenAnswers("\"" + BECH32 + "\"", "\"" + P2SH + "\"");
    }

    @ParameterizedTest
    @MethodSource("unusableSendAnswers")
    void unusableAnswerToASendIsOutcomeUnknown(Reply reply) {
        fake.answer("sendmany", reply);
        BitcoindNode node = node("hot");

        Throwable thrown = catchThrowableOfType(() -> node.send(Map.of(BECH32, BigInteger.ONE)), RuntimeException.class);

        assertThat(thrown).isExactlyInstanceOf(SendOutcomeUnknownException.class);
        assertThat(fake.calls("sendmany")).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("unusableReadAnswers")
    void unusableAnswerToAReadIsAFailure(Reply reply) {
        fake.answer("getnewaddress", reply);
        BitcoindNode node = node("hot");

        assertThatThrownBy(() -> node.newAddress("deposit-44")).isExactlyInstanceOf(NodeCallFailedException.class);
    }

    @Test
    void http4xxWithoutAnErrorObjectOnASendIsNothingSent() {
        // The node's HTTP layer rejects such requests before any call runs (bad path, wrong verb).
        fake.answer("sendmany", Reply.of(404, ""));
        BitcoindNode node = node("hot");

        Throwable thrown = catchThrowableOfType(() -> node.send(Map.of(BECH32, BigInteger.ONE)), RuntimeException.class);

        assertThat(thrown).isExactlyInstanceOf(NodeCallFailedException.class).hasMessageContaining("HTTP 404");
    }

    @Test
    void uppercaseTxidFromTheNodeIsReturnedLowercase() {
        fake.answer("sendmany", Reply.legacyResult("\"" + TX_B.toUpperCase(java.util.Locale.ROOT) + "\""));

        assertThat(node("hot").send(Map.of(BECH32, BigInteger.ONE))).isEqualTo(TX_B);
    }

    // ---- helpers ----

    private BitcoindNode node(String wallet) {
        return node(wallet, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private BitcoindNode node(String wallet, Duration readTimeout, Duration sendTimeout) {
        return new BitcoindNode(new BitcoindProperties(fake.url(), wallet, USER, PASSWORD, null,
                Duration.ofSeconds(2), readTimeout, sendTimeout, null), 8);
    }

    /** A gettransaction answer for a transaction that only pays the wallet, at vout 0 to BECH32. */
    private static String pureReceive(String txid, int confirmations, String amount) {
        return """
                {"amount": %3$s, "confirmations": %2$d, "blockhash": "%4$s", "blockheight": 870120, "blockindex": 3,
                 "blocktime": 1731000000, "txid": "%1$s", "wtxid": "%1$s", "walletconflicts": [], "time": 1730999000,
                 "timereceived": 1730999000, "bip125-replaceable": "no",
                 "details": [{"address": "%5$s", "category": "receive", "amount": %3$s, "label": "deposit-9",
                              "vout": 0, "abandoned": false}],
                 "hex": "0200000001"}
                """.formatted(txid, confirmations, amount, BLOCK, BECH32);
    }
}
