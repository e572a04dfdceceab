package io.cryptoassets.worker.chain.bitcoind;

import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_INPUT_0;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_INPUT_1;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_RAW;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_TXID;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_WTXID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import io.cryptoassets.worker.chain.SignedTransaction;
import io.cryptoassets.worker.chain.bitcoind.FakeBitcoind.Call;
import io.cryptoassets.worker.chain.bitcoind.FakeBitcoind.Reply;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BitcoindSigningTest {

    private static final String USER = "worker";
    private static final String PASSWORD = "s3cret-rpc-password";

    private static final String BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    private static final String P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy";
    private static final String OTHER_LOCKED_TXID = "0c326c4f02797b088fc566e64fbfe2162390f52f2fec1483ec3a413a7f11c910";

    private static final String FUNDED_PSBT = "cHNidP8BAHECAAAAAf+Tu7HEJ7yUfundedZ2TAAAAAA=";
    private static final String SIGNED_PSBT = "cHNidP8BAHECAAAAAf+Tu7HEJ7yUsignedZ2TAAAAAA=";

    private FakeBitcoind fake;

    @BeforeEach
    void startNode() throws IOException {
        fake = new FakeBitcoind(USER, PASSWORD);
    }

    @AfterEach
    void stopNode() {
        fake.close();
    }

    @Test
    void signFundsSignsFinalizesTestsAndLocksTheInputsPersistently() {
        answerASigningThatTheMempoolAccepts();
        Map<String, BigInteger> outputs = new LinkedHashMap<>();
        outputs.put(BECH32, BigInteger.ONE);
        outputs.put(P2SH, new BigInteger("2099999997690000"));

        SignedTransaction signed = node().sign(outputs);

        assertThat(signed).isEqualTo(new SignedTransaction(SEGWIT_TXID, SEGWIT_RAW, BigInteger.valueOf(1410),
                List.of(SEGWIT_INPUT_0, SEGWIT_INPUT_1)));
        assertThat(fake.calls()).extracting(Call::method).containsExactly(
                "walletcreatefundedpsbt", "decodepsbt", "walletprocesspsbt", "finalizepsbt", "testmempoolaccept",
                "lockunspent", "lockunspent");
        List<Call> calls = fake.calls();
        assertThat(calls.get(0).rawBody()).contains("\"params\":[[],[{\"" + BECH32 + "\":0.00000001},{\""
                + P2SH + "\":20999999.9769}],0,{\"lockUnspents\":true}]");
        assertThat(calls.get(1).paramsJson()).isEqualTo("[\"" + FUNDED_PSBT + "\"]");
        assertThat(calls.get(2).paramsJson()).isEqualTo("[\"" + FUNDED_PSBT + "\",true]");
        assertThat(calls.get(3).paramsJson()).isEqualTo("[\"" + SIGNED_PSBT + "\",true]");
        assertThat(calls.get(4).paramsJson()).isEqualTo("[[\"" + SEGWIT_RAW + "\"]]");
        String inputs = "[{\"txid\":\"" + SEGWIT_INPUT_0.txid() + "\",\"vout\":0},{\"txid\":\""
                + SEGWIT_INPUT_1.txid() + "\",\"vout\":1}]";
        // The memory lock of walletcreatefundedpsbt is released, then taken again persistently.
        assertThat(calls.get(5).paramsJson()).isEqualTo("[true," + inputs + "]");
        assertThat(calls.get(6).paramsJson()).isEqualTo("[false," + inputs + ",true]");
    }

    @Test
    void aTransactionTheMempoolRejectsAsDustIsRefusedAndItsInputsUnlocked() {
        answerASigningThatTheMempoolAccepts();
        fake.answer("testmempoolaccept", Reply.result("""
                [{"txid": "%s", "wtxid": "%s", "allowed": false, "reject-reason": "dust"}]
                """.formatted(SEGWIT_TXID, SEGWIT_WTXID)));
        fake.answer("listlockunspent", Reply.result(lockList(SEGWIT_INPUT_0, SEGWIT_INPUT_1,
                new Outpoint(OTHER_LOCKED_TXID, 3))));

        SendRefusedException refused = catchThrowableOfType(() -> node().sign(Map.of(BECH32, BigInteger.valueOf(330))),
                SendRefusedException.class);

        assertThat(refused.refusal()).isEqualTo(new SendRefusal(SendRefusal.Kind.DUST, null, "dust"));
        assertThat(refused.rpcCode()).isNull();
        assertThat(fake.calls("lockunspent")).extracting(Call::paramsJson).containsExactly(
                "[true,[{\"txid\":\"" + SEGWIT_INPUT_1.txid() + "\",\"vout\":1},{\"txid\":\""
                        + SEGWIT_INPUT_0.txid() + "\",\"vout\":0}]]");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "-4|Insufficient funds|INSUFFICIENT_FUNDS|",
            "-5|Invalid Bitcoin address: bc1qnotanaddress0|INVALID_ADDRESS|bc1qnotanaddress0",
            "-4|Transaction amount too small|DUST|",
            "-8|Invalid parameter, duplicated address: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq|OTHER|"})
    void aFundingTheNodeRefusesIsARefusalInTheNodesWords(int code, String message, SendRefusal.Kind kind,
            String namedAddress) {
        fake.answer("walletcreatefundedpsbt", Reply.error20(code, message));

        SendRefusedException refused = catchThrowableOfType(() -> node().sign(Map.of(BECH32, BigInteger.ONE)),
                SendRefusedException.class);

        assertThat(refused.refusal()).isEqualTo(new SendRefusal(kind, namedAddress, message));
        assertThat(refused.rpcCode()).isEqualTo(code);
        assertThat(refused).hasMessage(message);
        assertThat(refused.getCause()).hasMessageContaining("walletcreatefundedpsbt");
        assertThat(fake.calls()).extracting(Call::method).containsExactly("walletcreatefundedpsbt");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "-18|Requested wallet does not exist or is not loaded",
            "-28|Loading wallet...",
            "-32601|Method not found",
            "-13|Error: Please enter the wallet passphrase with walletpassphrase first."})
    void anErrorAboutTheNodeAtFundingIsAFailureNotARefusal(int code, String message) {
        fake.answer("walletcreatefundedpsbt", Reply.legacyError(code, message));

        Throwable thrown = catchThrowableOfType(() -> node().sign(Map.of(BECH32, BigInteger.ONE)),
                NodeCallFailedException.class);

        assertThat(thrown).isExactlyInstanceOf(NodeCallFailedException.class).hasMessageContaining(message);
    }

    @Test
    void aWalletThatCannotSignEveryInputFailsAndUnlocksTheInputs() {
        answerASigningThatTheMempoolAccepts();
        fake.answer("walletprocesspsbt", Reply.result("{\"psbt\": \"" + FUNDED_PSBT + "\", \"complete\": false}"));
        fake.answer("listlockunspent", Reply.result(lockList(SEGWIT_INPUT_0, SEGWIT_INPUT_1)));

        Throwable thrown = catchThrowableOfType(() -> node().sign(Map.of(BECH32, BigInteger.ONE)),
                NodeCallFailedException.class);

        assertThat(thrown).isExactlyInstanceOf(NodeCallFailedException.class).hasMessageContaining("watch-only");
        assertThat(fake.calls("finalizepsbt")).isEmpty();
        assertThat(fake.calls("lockunspent")).singleElement().extracting(Call::paramsJson).asString()
                .startsWith("[true,");
    }

    @Test
    void anErrorAfterTheInputsWereLockedUnlocksThemAndIsThrownAsItCame() {
        answerASigningThatTheMempoolAccepts();
        fake.answer("finalizepsbt", Reply.error20(-22, "TX decode failed"));
        fake.answer("listlockunspent", Reply.result(lockList(SEGWIT_INPUT_0, SEGWIT_INPUT_1)));

        NodeCallFailedException thrown = catchThrowableOfType(() -> node().sign(Map.of(BECH32, BigInteger.ONE)),
                NodeCallFailedException.class);

        assertThat(thrown.rpcCode()).isEqualTo(-22);
        assertThat(thrown).hasMessageContaining("finalizepsbt").hasMessageContaining("TX decode failed");
        assertThat(fake.calls("lockunspent")).singleElement().extracting(Call::paramsJson).asString()
                .startsWith("[true,");
    }

    @Test
    void anUnlockThatFailsNeverHidesTheFailureItFollows() {
        answerASigningThatTheMempoolAccepts();
        fake.answer("walletprocesspsbt", Reply.error20(-13,
                "Error: Please enter the wallet passphrase with walletpassphrase first."));
        fake.answer("listlockunspent", Reply.legacyError(-1, "listlockunspent broke"));

        NodeCallFailedException thrown = catchThrowableOfType(() -> node().sign(Map.of(BECH32, BigInteger.ONE)),
                NodeCallFailedException.class);

        assertThat(thrown.rpcCode()).isEqualTo(-13);
        assertThat(thrown.getSuppressed()).singleElement().satisfies(suppressed ->
                assertThat(suppressed).hasMessageContaining("listlockunspent broke"));
    }

    @Test
    void aRefusalWhoseInputsCannotBeUnlockedIsAFailureSoTheyAreCleanedUpLater() {
        answerASigningThatTheMempoolAccepts();
        fake.answer("testmempoolaccept", Reply.result("""
                [{"txid": "%s", "wtxid": "%s", "allowed": false, "reject-reason": "dust"}]
                """.formatted(SEGWIT_TXID, SEGWIT_WTXID)));
        fake.answer("listlockunspent", Reply.legacyError(-1, "listlockunspent broke"));

        Throwable thrown = catchThrowableOfType(() -> node().sign(Map.of(BECH32, BigInteger.ONE)),
                NodeCallFailedException.class);

        assertThat(thrown).isExactlyInstanceOf(NodeCallFailedException.class).hasMessageContaining("could not be unlocked");
        assertThat(thrown.getCause()).isInstanceOfSatisfying(SendRefusedException.class,
                refused -> assertThat(refused.refusal().kind()).isEqualTo(SendRefusal.Kind.DUST));
    }

    @Test
    void aNodeWithoutPersistentLocksFailsWithTheVersionItNeedsAndKeepsNothingLocked() {
        answerASigningThatTheMempoolAccepts();
        // Bitcoin Core 22 and older take two parameters and answer a third with the help text.
        fake.answer("lockunspent", call -> call.params().size() == 3
                ? Reply.legacyError(-1, "lockunspent unlock ( [{\\\"txid\\\":\\\"hex\\\",\\\"vout\\\":n},...] )")
                : Reply.legacyResult("true"));
        fake.answer("listlockunspent", Reply.result("[]"));

        NodeCallFailedException thrown = catchThrowableOfType(() -> node().sign(Map.of(BECH32, BigInteger.ONE)),
                NodeCallFailedException.class);

        assertThat(thrown).hasMessageContaining("Bitcoin Core 23 or later");
        assertThat(fake.calls()).extracting(Call::method).endsWith("lockunspent", "lockunspent", "listlockunspent");
    }

    @Test
    void aSignedTransactionSpendingOtherInputsThanFundedIsNotUsed() {
        answerASigningThatTheMempoolAccepts();
        Outpoint other = new Outpoint(OTHER_LOCKED_TXID, 0);
        fake.answer("decodepsbt", Reply.result(decodedPsbt(SEGWIT_INPUT_0, other)));
        fake.answer("listlockunspent", Reply.result(lockList(SEGWIT_INPUT_0, other)));

        assertThatThrownBy(() -> node().sign(Map.of(BECH32, BigInteger.ONE)))
                .isExactlyInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("not the funded inputs");
        assertThat(fake.calls("testmempoolaccept")).isEmpty();
        assertThat(fake.calls("lockunspent")).singleElement().extracting(Call::paramsJson).asString()
                .contains(OTHER_LOCKED_TXID).contains(SEGWIT_INPUT_0.txid());
    }

    @Test
    void aMempoolVerdictOnAnotherTxidIsNotTrusted() {
        answerASigningThatTheMempoolAccepts();
        fake.answer("testmempoolaccept", Reply.result("""
                [{"txid": "%s", "wtxid": "%s", "allowed": true}]
                """.formatted(SEGWIT_WTXID, SEGWIT_WTXID)));
        fake.answer("listlockunspent", Reply.result(lockList(SEGWIT_INPUT_0, SEGWIT_INPUT_1)));

        assertThatThrownBy(() -> node().sign(Map.of(BECH32, BigInteger.ONE)))
                .isExactlyInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("not " + SEGWIT_TXID);
        assertThat(fake.calls("lockunspent")).hasSize(1);
    }

    @Test
    void signRefusesInvalidOutputsWithoutCallingTheNode() {
        BitcoindNode node = node();

        assertThatThrownBy(() -> node.sign(Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.sign(Map.of(BECH32, BigInteger.ZERO))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.sign(Map.of(BECH32, BigInteger.valueOf(-5)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.sign(Map.of(" ", BigInteger.ONE))).isInstanceOf(IllegalArgumentException.class);
        assertThat(fake.calls()).isEmpty();
    }

    // ---- helpers ----

    /** Every call of a signing answered as Bitcoin Core 24 answers a payment it can make. */
    private void answerASigningThatTheMempoolAccepts() {
        fake.answer("walletcreatefundedpsbt", Reply.result(
                "{\"psbt\": \"" + FUNDED_PSBT + "\", \"fee\": 0.00001410, \"changepos\": 1}"));
        fake.answer("decodepsbt", Reply.result(decodedPsbt(SEGWIT_INPUT_0, SEGWIT_INPUT_1)));
        fake.answer("walletprocesspsbt", Reply.result("{\"psbt\": \"" + SIGNED_PSBT + "\", \"complete\": true}"));
        fake.answer("finalizepsbt", Reply.result("{\"hex\": \"" + SEGWIT_RAW + "\", \"complete\": true}"));
        fake.answer("testmempoolaccept", Reply.result("""
                [{"txid": "%s", "wtxid": "%s", "allowed": true, "vsize": 680,
                  "fees": {"base": 0.00001410, "effective-feerate": 0.00002073, "effective-includes": ["%s"]}}]
                """.formatted(SEGWIT_TXID, SEGWIT_WTXID, SEGWIT_WTXID)));
        fake.answer("lockunspent", Reply.result("true"));
    }

    /** {@code decodepsbt} of an unsigned transaction spending the given outputs. */
    private static String decodedPsbt(Outpoint first, Outpoint second) {
        return """
                {"tx": {"txid": "%1$s", "hash": "%1$s", "version": 2, "size": 113, "vsize": 113, "weight": 452,
                        "locktime": 0,
                        "vin": [{"txid": "%2$s", "vout": %3$d, "scriptSig": {"asm": "", "hex": ""}, "sequence": 4294967293},
                                {"txid": "%4$s", "vout": %5$d, "scriptSig": {"asm": "", "hex": ""}, "sequence": 4294967293}],
                        "vout": [{"value": 0.00000001, "n": 0, "scriptPubKey": {"asm": "0 e8df018c7e326cc253faac7e46cdc51e68542c42",
                                  "hex": "0014e8df018c7e326cc253faac7e46cdc51e68542c42", "address": "%6$s", "type": "witness_v0_keyhash"}}]},
                 "global_xpubs": [], "psbt_version": 0, "proprietary": [], "unknown": {},
                 "inputs": [{"witness_utxo": {"amount": 0.5, "scriptPubKey": {"asm": "", "hex": "", "type": "witness_v0_keyhash"}}},
                            {"witness_utxo": {"amount": 0.5, "scriptPubKey": {"asm": "", "hex": "", "type": "witness_v0_keyhash"}}}],
                 "outputs": [{}], "fee": 0.00001410}
                """.formatted(SEGWIT_TXID, first.txid(), first.vout(), second.txid(), second.vout(), BECH32);
    }

    private static String lockList(Outpoint... outpoints) {
        StringBuilder json = new StringBuilder("[");
        for (Outpoint outpoint : outpoints) {
            json.append(json.length() > 1 ? "," : "")
                    .append("{\"txid\": \"").append(outpoint.txid()).append("\", \"vout\": ").append(outpoint.vout()).append('}');
        }
        return json.append(']').toString();
    }

    private BitcoindNode node() {
        return new BitcoindNode(new BitcoindProperties(fake.url(), "hot", USER, PASSWORD, null,
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), null), 8);
    }
}
