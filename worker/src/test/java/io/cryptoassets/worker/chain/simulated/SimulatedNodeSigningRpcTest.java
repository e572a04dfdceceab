package io.cryptoassets.worker.chain.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.chain.BroadcastStatus.State;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The signed-send calls of Bitcoin Core, as the simulated node answers them over JSON-RPC. */
class SimulatedNodeSigningRpcTest {

    private static final String PASSWORD = "node-password";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Four starting coins of 250,000. */
    private final SimulatedChain chain = new SimulatedChain(BitcoinNetwork.REGTEST, BigInteger.valueOf(1_000_000),
            BigInteger.valueOf(1_000), 4);
    private final SimulatedNodeServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    SimulatedNodeSigningRpcTest() throws IOException {
        server = SimulatedNodeServer.start(chain, PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aTransactionIsFundedSignedCheckedAndSentAsWithBitcoinCore() throws Exception {
        String to = chain.anyAddress();
        JsonNode funded = result("walletcreatefundedpsbt",
                "[[], [{\"" + to + "\": 0.003}], 0, {\"lockUnspents\": true}]");
        assertThat(funded.path("fee").decimalValue()).isEqualByComparingTo("0.00001");
        assertThat(funded.path("changepos").intValue()).isEqualTo(1);
        List<JsonNode> locked = list(result("listlockunspent", "[]"));
        assertThat(locked).hasSize(2);

        JsonNode processed = result("walletprocesspsbt", "[\"" + funded.path("psbt").asString() + "\"]");
        assertThat(processed.path("complete").booleanValue()).isTrue();
        JsonNode finalized = result("finalizepsbt", "[\"" + processed.path("psbt").asString() + "\", true]");
        assertThat(finalized.path("complete").booleanValue()).isTrue();
        String hex = finalized.path("hex").asString();
        String txid = Transaction.read(ByteBuffer.wrap(HexFormat.of().parseHex(hex))).getTxId().toString();

        JsonNode decoded = result("decoderawtransaction", "[\"" + hex + "\"]");
        assertThat(decoded.path("txid").asString()).isEqualTo(txid);
        assertThat(list(decoded.path("vin"))).extracting(vin -> vin.path("txid").asString() + ":" + vin.path("vout").intValue())
                .containsExactlyInAnyOrderElementsOf(locked.stream()
                        .map(l -> l.path("txid").asString() + ":" + l.path("vout").intValue()).toList());
        assertThat(decoded.path("vout").path(0).path("scriptPubKey").path("address").asString()).isEqualTo(to);
        assertThat(result("decodepsbt", "[\"" + funded.path("psbt").asString() + "\"]").path("tx").path("txid").asString())
                .isEqualTo(txid);

        JsonNode accepted = result("testmempoolaccept", "[[\"" + hex + "\"]]").path(0);
        assertThat(accepted.path("txid").asString()).isEqualTo(txid);
        assertThat(accepted.path("allowed").booleanValue()).isTrue();
        assertThat(accepted.path("fees").path("base").decimalValue()).isEqualByComparingTo("0.00001");

        assertThat(result("sendrawtransaction", "[\"" + hex + "\"]").asString()).isEqualTo(txid);
        assertThat(result("sendrawtransaction", "[\"" + hex + "\"]").asString()).as("again: the same").isEqualTo(txid);
        assertThat(result("testmempoolaccept", "[[\"" + hex + "\"]]").path(0).path("reject-reason").asString())
                .isEqualTo("txn-already-in-mempool");
        assertThat(result("getmempoolentry", "[\"" + txid + "\"]").path("fees").path("base").decimalValue())
                .isEqualByComparingTo("0.00001");
        assertThat(list(result("listlockunspent", "[]"))).isEmpty();
        JsonNode seen = result("gettransaction", "[\"" + txid + "\"]");
        assertThat(seen.path("fee").decimalValue()).isEqualByComparingTo("-0.00001");
        assertThat(seen.path("confirmations").intValue()).isZero();
        assertThat(chain.sends()).singleElement().satisfies(send -> assertThat(send.outputs())
                .isEqualTo(Map.of(to, BigInteger.valueOf(300_000))));

        result("sim_mine", "[1]");
        assertError(call("sendrawtransaction", "[\"" + hex + "\"]"), -27, "Transaction outputs already in utxo set");
        assertError(call("getmempoolentry", "[\"" + txid + "\"]"), -5, "Transaction not in mempool");
        assertThat(result("gettransaction", "[\"" + txid + "\"]").path("blockheight").intValue()).isEqualTo(1);
    }

    @Test
    void fundingIsRefusedWithBitcoinCoresCodesAndLocksNothing() throws Exception {
        String mainnet = new SimulatedChain(BitcoinNetwork.MAINNET, BigInteger.ZERO, BigInteger.ONE).anyAddress();
        assertError(fund(chain.anyAddress(), "0.00000545"), -4, "Transaction amount too small");
        assertError(fund(mainnet, "0.001"), -5, "Invalid Bitcoin address: " + mainnet);
        assertError(fund(chain.anyAddress(), "0.01"), -4, "Insufficient funds");
        assertThat(chain.lockedInputs()).isEmpty();

        JsonNode unlocked = result("walletcreatefundedpsbt", "[[], {\"" + chain.anyAddress() + "\": 0.001}]");
        assertThat(unlocked.path("psbt").asString()).isNotEmpty();
        assertThat(chain.lockedInputs()).as("lockUnspents defaults to false").isEmpty();
    }

    @Test
    void conflictsShowInGetTransactionAndRefuseTheSend() throws Exception {
        SignedTransaction doubleSpent = sentTransaction();
        String conflicting = result("sim_doublespend", "[\"" + doubleSpent.txid() + "\"]").asString();

        JsonNode seen = result("gettransaction", "[\"" + doubleSpent.txid() + "\"]");
        assertThat(seen.path("confirmations").intValue()).isEqualTo(-1);
        assertThat(list(seen.path("walletconflicts"))).extracting(JsonNode::asString).containsExactly(conflicting);
        assertError(call("sendrawtransaction", "[\"" + doubleSpent.raw() + "\"]"), -25, "bad-txns-inputs-missingorspent");
        assertThat(result("testmempoolaccept", "[[\"" + doubleSpent.raw() + "\"]]").path(0).path("reject-reason").asString())
                .isEqualTo("missing-inputs");

        SignedTransaction replaced = sentTransaction();
        String replacement = result("sim_replace", "[\"" + replaced.txid() + "\"]").asString();
        JsonNode original = result("gettransaction", "[\"" + replaced.txid() + "\"]");
        assertThat(original.path("replaced_by_txid").asString()).isEqualTo(replacement);
        assertThat(original.path("confirmations").intValue()).isZero();
        assertThat(result("gettransaction", "[\"" + replacement + "\"]").path("replaces_txid").asString())
                .isEqualTo(replaced.txid());
        assertError(call("sendrawtransaction", "[\"" + replaced.raw() + "\"]"), -26, "txn-mempool-conflict");

        SignedTransaction dropped = sentTransaction();
        assertThat(result("sim_drop", "[\"" + dropped.txid() + "\"]").booleanValue()).isTrue();
        assertError(call("getmempoolentry", "[\"" + dropped.txid() + "\"]"), -5, "Transaction not in mempool");
        assertThat(result("gettransaction", "[\"" + dropped.txid() + "\"]").path("confirmations").intValue()).isZero();
        assertError(call("sim_drop", "[\"" + dropped.txid() + "\"]"), -1, "is not in the mempool");
    }

    @Test
    void lockUnspentAnswersWithBitcoinCoresErrors() throws Exception {
        String deposit = chain.pay(chain.newAddress("a"), BigInteger.valueOf(7_000));
        String outpoint = "[{\"txid\": \"" + deposit + "\", \"vout\": 0}]";

        assertThat(result("lockunspent", "[false, " + outpoint + "]").booleanValue()).isTrue();
        assertError(call("lockunspent", "[false, " + outpoint + "]"), -8, "Invalid parameter, output already locked");
        assertThat(result("lockunspent", "[false, " + outpoint + ", true]").booleanValue()).as("persistent").isTrue();
        assertThat(list(result("listlockunspent", "[]"))).singleElement()
                .satisfies(o -> assertThat(o.path("txid").asString()).isEqualTo(deposit));
        assertThat(result("lockunspent", "[true, " + outpoint + "]").booleanValue()).isTrue();
        assertError(call("lockunspent", "[true, " + outpoint + "]"), -8, "Invalid parameter, expected locked output");
        assertThat(list(result("listlockunspent", "[]"))).isEmpty();
    }

    @Test
    void aRawSendHeldAfterItTookEffectIsInTheMempoolAndAnsweredOnRelease() throws Exception {
        SignedTransaction signed = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(10_000)));
        SendTrap trap = server.trapNext("sendrawtransaction", SendTrap.Phase.AFTER_SEND);
        CompletableFuture<JsonNode> send = CompletableFuture.supplyAsync(() -> callUnchecked("sendrawtransaction",
                "[\"" + signed.raw() + "\"]"));

        assertThat(trap.awaitCaller(Duration.ofSeconds(10))).contains("test");
        assertThat(trap.method()).isEqualTo("sendrawtransaction");
        assertThat(chain.status(signed.txid()).state()).isEqualTo(State.IN_MEMPOOL);
        assertThat(send).isNotDone();
        trap.release();
        assertThat(send.get().path("result").asString()).isEqualTo(signed.txid());
    }

    @Test
    void aRawSendHeldBeforeItTookEffectIsDroppedWithoutEffect() throws Exception {
        SignedTransaction signed = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(10_000)));
        SendTrap trap = server.trapNextSend(SendTrap.Phase.BEFORE_SEND);
        CompletableFuture<JsonNode> send = CompletableFuture.supplyAsync(() -> callUnchecked("sendrawtransaction",
                "[\"" + signed.raw() + "\"]"));

        assertThat(trap.awaitCaller(Duration.ofSeconds(10))).contains("test");
        trap.release();
        assertThatThrownBy(send::join).hasRootCauseInstanceOf(IOException.class);
        assertThat(chain.status(signed.txid()).state()).isEqualTo(State.UNKNOWN);
        assertThat(chain.sends()).isEmpty();
    }

    @Test
    void aTimeoutAfterTheRawSendTookEffectDropsTheConnection() {
        SignedTransaction signed = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(10_000)));
        chain.faults().next(ChainCall.SEND_RAW, Fault.timeoutAfterSend());

        assertThatThrownBy(() -> call("sendrawtransaction", "[\"" + signed.raw() + "\"]")).isInstanceOf(IOException.class);
        assertThat(chain.status(signed.txid()).state()).isEqualTo(State.IN_MEMPOOL);
    }

    private SignedTransaction sentTransaction() {
        SignedTransaction signed = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(10_000)));
        chain.sendRaw(signed.raw());
        return signed;
    }

    private JsonNode fund(String address, String coins) throws Exception {
        return call("walletcreatefundedpsbt", "[[], [{\"" + address + "\": " + new BigDecimal(coins).toPlainString()
                + "}], 0, {\"lockUnspents\": true}]");
    }

    private static void assertError(JsonNode response, int code, String message) {
        assertThat(response.path("error").path("code").intValue()).as(response.toString()).isEqualTo(code);
        assertThat(response.path("error").path("message").asString()).contains(message);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private JsonNode result(String method, String params) throws Exception {
        JsonNode response = call(method, params);
        assertThat(response.path("error").isMissingNode() || response.path("error").isNull()).as(response.toString()).isTrue();
        return response.path("result");
    }

    private JsonNode callUnchecked(String method, String params) {
        try {
            return call(method, params);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String method, String params) throws IOException, InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        HttpRequest request = HttpRequest.newBuilder(server.url())
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("test:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
