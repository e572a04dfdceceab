package io.cryptoassets.worker.chain.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import io.cryptoassets.worker.chain.bitcoind.BitcoindNode;
import io.cryptoassets.worker.chain.bitcoind.BitcoindProperties;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated node speaks what the real Bitcoin Core adapter expects, end to end. */
class SimulatedNodeServerTest {

    private static final String PASSWORD = "node-password";

    private final SimulatedChain chain = new SimulatedChain(BitcoinNetwork.REGTEST, BigInteger.valueOf(1_000_000),
            BigInteger.valueOf(1_000));
    private final SimulatedNodeServer server;
    private final BitcoindNode node;

    SimulatedNodeServerTest() throws IOException {
        server = SimulatedNodeServer.start(chain, PASSWORD);
        node = adapter("worker-1", PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theAdapterSendsReadsAndScansThroughTheServer() {
        String ours = node.newAddress("deposits");
        String paid = chain.pay(ours, BigInteger.valueOf(12_345));
        String external = chain.anyAddress();
        String sent = node.send(Map.of(external, BigInteger.valueOf(1_000)));
        chain.mine(2);

        NodeTransaction deposit = node.transaction(paid).orElseThrow();
        assertThat(deposit.confirmations()).isEqualTo(2);
        assertThat(deposit.fee()).isNull();
        assertThat(deposit.received()).containsExactly(new ReceivedOutput(paid, 0, ours, BigInteger.valueOf(12_345), 2));
        NodeTransaction send = node.transaction(sent).orElseThrow();
        assertThat(send.fee()).isEqualTo(BigInteger.valueOf(1_000));
        assertThat(chain.sends()).singleElement().satisfies(s -> assertThat(s.outputs()).containsEntry(external, BigInteger.valueOf(1_000)));

        assertThat(node.receivedSince(null, 1).received()).extracting(ReceivedOutput::txid).containsExactly(paid);
        assertThat(node.blockCount()).isEqualTo(2);
        assertThat(node.transaction(RequestTraffic.txid())).isEmpty();
    }

    @Test
    void refusalsAreErrorObjectsWithTheNodesCodes() {
        assertThatThrownBy(() -> node.send(Map.of(chain.anyAddress(), BigInteger.valueOf(10_000_000))))
                .isInstanceOf(NodeCallFailedException.class)
                .satisfies(e -> assertThat(((NodeCallFailedException) e).rpcCode()).isEqualTo(-6));
        String mainnet = new SimulatedChain(BitcoinNetwork.MAINNET, BigInteger.ONE, BigInteger.ONE).anyAddress();
        assertThatThrownBy(() -> node.send(Map.of(mainnet, BigInteger.ONE)))
                .isInstanceOf(NodeCallFailedException.class)
                .satisfies(e -> assertThat(((NodeCallFailedException) e).rpcCode()).isEqualTo(-5));
        assertThatThrownBy(() -> adapter("worker-1", "wrong").blockCount()).isInstanceOf(NodeCallFailedException.class);
        assertThat(chain.sends()).isEmpty();
    }

    @Test
    void aSendHeldAfterItTookEffectNamesItsCallerAndIsAnsweredOnRelease() throws Exception {
        SendTrap trap = server.trapNextSend(SendTrap.Phase.AFTER_SEND);
        String to = chain.anyAddress();
        CompletableFuture<String> send = CompletableFuture.supplyAsync(() -> node.send(Map.of(to, BigInteger.valueOf(10_000))));

        assertThat(trap.awaitCaller(Duration.ofSeconds(10))).contains("worker-1");
        assertThat(chain.sends()).hasSize(1);
        assertThat(send).isNotDone();
        trap.release();
        assertThat(send.get()).isEqualTo(chain.sends().get(0).txid());
    }

    @Test
    void aSendHeldBeforeItTookEffectIsDroppedUnanswered() throws Exception {
        SendTrap trap = server.trapNextSend(SendTrap.Phase.BEFORE_SEND);
        CompletableFuture<String> send = CompletableFuture.supplyAsync(() -> node.send(Map.of(chain.anyAddress(), BigInteger.valueOf(10_000))));

        assertThat(trap.awaitCaller(Duration.ofSeconds(10))).contains("worker-1");
        trap.release();
        assertThatThrownBy(send::join).hasCauseInstanceOf(SendOutcomeUnknownException.class);
        assertThat(chain.sends()).isEmpty();
    }

    @Test
    void controlCallsMinePayAndListSends() throws Exception {
        String ours = node.newAddress("");
        assertThat(rpc("sim_pay", "[\"" + ours + "\", 0.00000500]")).contains("\"result\":\"");
        assertThat(rpc("sim_mine", "[3]")).contains("\"result\":3");
        node.send(Map.of(chain.anyAddress(), BigInteger.valueOf(150_000)));
        assertThat(rpc("sim_listsends", "[]")).contains(":0.00150000}").contains("\"fee\":0.00001000");
        assertThat(node.receivedSince(null, 1).received()).singleElement()
                .satisfies(o -> assertThat(o.amount()).isEqualTo(BigInteger.valueOf(500)));
        assertThat(rpc("nosuchcall", "[]")).contains("-32601");
    }

    private BitcoindNode adapter(String user, String password) {
        return new BitcoindNode(new BitcoindProperties(server.url(), null, user, password, null,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), null), 8);
    }

    private String rpc(String method, String params) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        HttpRequest request = HttpRequest.newBuilder(server.url())
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("test:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
