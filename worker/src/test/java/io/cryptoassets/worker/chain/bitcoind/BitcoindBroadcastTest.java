package io.cryptoassets.worker.chain.bitcoind;

import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.LEGACY_RAW;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.LEGACY_TXID;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_RAW;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_TXID;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_WTXID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import io.cryptoassets.worker.chain.bitcoind.DroppingNode.Drop;
import io.cryptoassets.worker.chain.bitcoind.FakeBitcoind.Call;
import io.cryptoassets.worker.chain.bitcoind.FakeBitcoind.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sendRaw}: one {@code sendrawtransaction}, its txid known from the bytes. */
class BitcoindBroadcastTest {

    private static final String USER = "worker";
    private static final String PASSWORD = "s3cret-rpc-password";

    private FakeBitcoind fake;

    @BeforeEach
    void startNode() throws IOException {
        fake = new FakeBitcoind(USER, PASSWORD);
    }

    @AfterEach
    void stopNode() {
        fake.close();
    }

    @ParameterizedTest
    @CsvSource({"segwit", "legacy"})
    void sendRawSendsTheBytesOnceAndReturnsTheirTxid(String kind) {
        String raw = kind.equals("segwit") ? SEGWIT_RAW : LEGACY_RAW;
        String txid = kind.equals("segwit") ? SEGWIT_TXID : LEGACY_TXID;
        fake.answer("sendrawtransaction", Reply.result("\"" + txid + "\""));

        assertThat(node().sendRaw(raw.toUpperCase(Locale.ROOT))).isEqualTo(txid);

        Call call = fake.onlyCall();
        assertThat(call.method()).isEqualTo("sendrawtransaction");
        assertThat(call.paramsJson()).isEqualTo("[\"" + raw + "\"]");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "-27|Transaction already in block chain",
            "-27|Transaction outputs already in utxo set",
            "-26|txn-already-known",
            "-26|txn-already-in-mempool",
            "-26|txn-same-nonwitness-data-in-mempool"})
    void aTransactionTheNodeAlreadyHasCountsAsSent(int code, String message) {
        fake.answer("sendrawtransaction", Reply.legacyError(code, message));

        assertThat(node().sendRaw(SEGWIT_RAW)).isEqualTo(SEGWIT_TXID);
        assertThat(fake.calls("sendrawtransaction")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "-26|txn-mempool-conflict|INPUTS_SPENT",
            "-25|bad-txns-inputs-missingorspent|INPUTS_SPENT",
            "-26|insufficient fee, rejecting replacement 4a5e1e4b; new feerate 0.00001000 BTC/kvB <= old feerate 0.00002000 BTC/kvB|INPUTS_SPENT",
            "-26|dust|DUST",
            "-26|min relay fee not met, 100 < 141|OTHER"})
    void aTransactionTheNodeRejectsIsARefusal(int code, String message, SendRefusal.Kind kind) {
        fake.answer("sendrawtransaction", Reply.error20(code, message));

        SendRefusedException refused = catchThrowableOfType(() -> node().sendRaw(SEGWIT_RAW), SendRefusedException.class);

        assertThat(refused.refusal()).isEqualTo(new SendRefusal(kind, null, message));
        assertThat(refused.rpcCode()).isEqualTo(code);
        assertThat(fake.calls("sendrawtransaction")).hasSize(1);
    }

    @Test
    void aNodeWarmingUpIsAFailureNotARefusal() {
        fake.answer("sendrawtransaction", Reply.legacyError(-28, "Loading block index..."));

        assertThatThrownBy(() -> node().sendRaw(SEGWIT_RAW)).isExactlyInstanceOf(NodeCallFailedException.class)
                .satisfies(e -> assertThat(((NodeCallFailedException) e).concernsTheCall()).isFalse());
    }

    @Test
    void sendRawThatTimesOutAfterTheNodeGotItIsOutcomeUnknownAndNotRetried() throws InterruptedException {
        fake.answer("sendrawtransaction", Reply.result("\"" + SEGWIT_TXID + "\"").heldUntilClose());
        BitcoindNode node = node(Duration.ofSeconds(10), Duration.ofMillis(800));

        Throwable thrown = catchThrowableOfType(() -> node.sendRaw(SEGWIT_RAW), RuntimeException.class);

        assertThat(thrown).isExactlyInstanceOf(SendOutcomeUnknownException.class)
                .hasMessageContaining("no complete answer within 800 ms");
        assertThat(fake.awaitFirstCall()).isTrue();
        assertThat(fake.calls("sendrawtransaction")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Drop.class)
    void connectionBrokenAfterTheNodeGotTheTransactionIsOutcomeUnknown(Drop drop) throws IOException {
        try (DroppingNode dropping = new DroppingNode(drop)) {
            BitcoindNode node = new BitcoindNode(BitcoindProperties.withPassword(dropping.url(), "hot", USER, PASSWORD), 8);

            Throwable thrown = catchThrowableOfType(() -> node.sendRaw(SEGWIT_RAW), RuntimeException.class);

            assertThat(thrown).isExactlyInstanceOf(SendOutcomeUnknownException.class);
            assertThat(dropping.requests()).isEqualTo(1);
        }
    }

    @Test
    void anAnswerWithAnotherTxidIsOutcomeUnknown() {
        // The wtxid is what a confused node or proxy might answer: it took something, not this txid.
        fake.answer("sendrawtransaction", Reply.result("\"" + SEGWIT_WTXID + "\""));

        assertThatThrownBy(() -> node().sendRaw(SEGWIT_RAW)).isExactlyInstanceOf(SendOutcomeUnknownException.class)
                .hasMessageContaining(SEGWIT_TXID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not hex", "0100000001", LEGACY_RAW + "00"})
    void whatIsNotASignedTransactionIsNeverSent(String raw) {
        assertThatThrownBy(() -> node().sendRaw(raw)).isInstanceOf(IllegalArgumentException.class);
        assertThat(fake.calls()).isEmpty();
    }

    private BitcoindNode node() {
        return node(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private BitcoindNode node(Duration readTimeout, Duration sendTimeout) {
        return new BitcoindNode(new BitcoindProperties(fake.url(), "hot", USER, PASSWORD, null,
                Duration.ofSeconds(2), readTimeout, sendTimeout, null), 8);
    }
}
