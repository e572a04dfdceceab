package io.cryptoassets.worker.chain.bitcoind;

import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_TXID;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_WTXID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.BroadcastStatus.State;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.bitcoind.FakeBitcoind.Call;
import io.cryptoassets.worker.chain.bitcoind.FakeBitcoind.Reply;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code status}, {@code lockedInputs} and {@code unlock}. */
class BitcoindStatusAndLocksTest {

    private static final String USER = "worker";
    private static final String PASSWORD = "s3cret-rpc-password";

    private static final String BLOCK = "00000000000000000002496aca80e4d8f29fb8e8cd816c3afb48d3f103970b3a";
    private static final String CONFLICT = "d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa";
    private static final String REPLACEMENT = "0c326c4f02797b088fc566e64fbfe2162390f52f2fec1483ec3a413a7f11c910";
    private static final String BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    private static final BigInteger FEE = BigInteger.valueOf(1410);

    private static final Outpoint A = new Outpoint("16623bbc30db96f7723c0e78e103702556b411991feb36bb6e0954613f600cc1", 0);
    private static final Outpoint B = new Outpoint("27ce1d1bf4270020e1799f12e647f5cbabda2b9eafd7202c43012a539986916b", 1);
    private static final Outpoint C = new Outpoint("3b6a765ede676559e0f261b5b9e339c9f36819c74a67568eb417ff4b379dbfbd", 2);

    private FakeBitcoind fake;

    @BeforeEach
    void startNode() throws IOException {
        fake = new FakeBitcoind(USER, PASSWORD);
    }

    @AfterEach
    void stopNode() {
        fake.close();
    }

    // ---- status ----

    @Test
    void aTransactionInABlockIsConfirmedWithItsFeeMadePositive() {
        fake.answer("gettransaction", Reply.result(sent(3, "[]", null, false)));

        assertThat(node().status(SEGWIT_TXID)).isEqualTo(new BroadcastStatus(State.CONFIRMED, 3, FEE, List.of(), null));
        assertThat(fake.onlyCall().paramsJson()).isEqualTo("[\"" + SEGWIT_TXID + "\",false]");
    }

    @Test
    void negativeConfirmationsAreAConflictNamingTheWalletConflicts() {
        fake.answer("gettransaction", Reply.result(sent(-2, "[\"" + CONFLICT + "\"]", null, false)));

        assertThat(node().status(SEGWIT_TXID))
                .isEqualTo(new BroadcastStatus(State.CONFLICTED, 0, FEE, List.of(CONFLICT), null));
    }

    @Test
    void aReplacedTransactionIsAConflictNamingItsReplacement() {
        fake.answer("gettransaction", Reply.result(sent(0, "[\"" + REPLACEMENT + "\"]", REPLACEMENT, false)));

        assertThat(node().status(SEGWIT_TXID))
                .isEqualTo(new BroadcastStatus(State.CONFLICTED, 0, FEE, List.of(REPLACEMENT), REPLACEMENT));
        assertThat(fake.calls("getmempoolentry")).isEmpty();
    }

    @Test
    void anUnconfirmedTransactionTheMempoolHoldsIsInTheMempool() {
        fake.answer("gettransaction", Reply.result(sent(0, "[]", null, false)));
        fake.answer("getmempoolentry", Reply.result(mempoolEntry()));

        assertThat(node().status(SEGWIT_TXID)).isEqualTo(new BroadcastStatus(State.IN_MEMPOOL, 0, FEE, List.of(), null));
        assertThat(fake.calls("getmempoolentry")).singleElement().extracting(Call::paramsJson)
                .isEqualTo("[\"" + SEGWIT_TXID + "\"]");
    }

    @Test
    void anUnconfirmedTransactionTheMempoolLostIsDropped() {
        fake.answer("gettransaction", Reply.result(sent(0, "[]", null, false)));
        fake.answer("getmempoolentry", Reply.legacyError(-5, "Transaction not in mempool"));

        assertThat(node().status(SEGWIT_TXID)).isEqualTo(new BroadcastStatus(State.DROPPED, 0, FEE, List.of(), null));
    }

    @Test
    void anAbandonedTransactionIsDroppedWithoutAskingTheMempool() {
        fake.answer("gettransaction", Reply.result(sent(0, "[]", null, true)));

        assertThat(node().status(SEGWIT_TXID).state()).isEqualTo(State.DROPPED);
        assertThat(fake.calls("getmempoolentry")).isEmpty();
    }

    @Test
    void aTransactionTheWalletDoesNotKnowButTheMempoolHoldsIsInTheMempool() {
        fake.answer("gettransaction", Reply.error20(-5, "Invalid or non-wallet transaction id"));
        fake.answer("getmempoolentry", Reply.result(mempoolEntry()));

        assertThat(node().status(SEGWIT_TXID)).isEqualTo(new BroadcastStatus(State.IN_MEMPOOL, 0, FEE, List.of(), null));
    }

    @Test
    void aTransactionNeitherWalletNorMempoolKnowsIsUnknown() {
        fake.answer("gettransaction", Reply.error20(-5, "Invalid or non-wallet transaction id"));
        fake.answer("getmempoolentry", Reply.error20(-5, "Transaction not in mempool"));

        assertThat(node().status(SEGWIT_TXID)).isEqualTo(BroadcastStatus.unknown());
    }

    @Test
    void otherErrorsOfTheWalletAreFailures() {
        fake.answer("gettransaction", Reply.legacyError(-18, "Requested wallet does not exist or is not loaded"));

        assertThatThrownBy(() -> node().status(SEGWIT_TXID)).isExactlyInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("not loaded");
        assertThat(fake.calls("getmempoolentry")).isEmpty();
    }

    @Test
    void anAnswerAboutAnotherTransactionIsRefused() {
        fake.answer("gettransaction", Reply.result(sent(3, "[]", null, false).replace(SEGWIT_TXID, CONFLICT)));

        assertThatThrownBy(() -> node().status(SEGWIT_TXID)).isExactlyInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("asked for " + SEGWIT_TXID);
    }

    // ---- locks ----

    @Test
    void lockedInputsAreTheListOfLockedOutputs() {
        fake.answer("listlockunspent", Reply.result(lockList(B, A)));

        assertThat(node().lockedInputs()).containsExactly(A, B);
        assertThat(fake.onlyCall().paramsJson()).isEqualTo("[]");
    }

    @Test
    void unlockSkipsOutputsThatAreNotLocked() {
        fake.answer("listlockunspent", Reply.result(lockList(A, B)));
        fake.answer("lockunspent", Reply.result("true"));

        node().unlock(List.of(A, C));

        assertThat(fake.calls()).extracting(Call::method).containsExactly("listlockunspent", "lockunspent");
        assertThat(fake.calls("lockunspent")).singleElement().extracting(Call::paramsJson)
                .isEqualTo("[true,[{\"txid\":\"" + A.txid() + "\",\"vout\":0}]]");
    }

    @Test
    void unlockOfNothingLockedOnlyLooks() {
        fake.answer("listlockunspent", Reply.result(lockList(B)));

        node().unlock(Set.of(A, C));

        assertThat(fake.calls()).extracting(Call::method).containsExactly("listlockunspent");
    }

    @Test
    void unlockOfNoOutputsCallsNothing() {
        node().unlock(List.of());

        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void anOutputSpentBetweenListingAndUnlockingIsLeftOutOnTheSecondTry() {
        // The wallet unlocks B by itself when a transaction spending it arrives, after the first listing.
        AtomicInteger listings = new AtomicInteger();
        fake.answer("listlockunspent", call -> Reply.result(listings.incrementAndGet() == 1 ? lockList(A, B) : lockList(A)));
        fake.answer("lockunspent", call -> call.paramsJson().contains(B.txid())
                ? Reply.error20(-8, "Invalid parameter, expected unspent output")
                : Reply.result("true"));

        node().unlock(List.of(A, B));

        assertThat(fake.calls("lockunspent")).extracting(Call::paramsJson).last()
                .isEqualTo("[true,[{\"txid\":\"" + A.txid() + "\",\"vout\":0}]]");
    }

    @Test
    void anUnlockTheNodeRefusesTwiceIsAFailure() {
        fake.answer("listlockunspent", Reply.result(lockList(A)));
        fake.answer("lockunspent", Reply.error20(-8, "Invalid parameter, expected locked output"));

        assertThatThrownBy(() -> node().unlock(List.of(A))).isInstanceOf(NodeCallFailedException.class)
                .hasMessageContaining("expected locked output");
        assertThat(fake.calls("lockunspent")).hasSize(2);
    }

    // ---- helpers ----

    /** gettransaction of a payment this wallet sent, as Bitcoin Core 24 answers it. */
    private static String sent(int confirmations, String walletConflicts, String replacedBy, boolean abandoned) {
        String block = confirmations > 0
                ? "\"blockhash\": \"" + BLOCK + "\", \"blockheight\": 870120, \"blockindex\": 4, \"blocktime\": 1731000000,"
                : "\"trusted\": " + (confirmations == 0) + ",";
        String replaced = replacedBy == null ? "" : "\"replaced_by_txid\": \"" + replacedBy + "\",";
        return """
                {"amount": -0.5, "fee": -0.00001410, "confirmations": %d, %s "txid": "%s", "wtxid": "%s",
                 "walletconflicts": %s, %s "time": 1730999400, "timereceived": 1730999400,
                 "bip125-replaceable": "no",
                 "details": [{"address": "%s", "category": "send", "amount": -0.5, "label": "", "vout": 0,
                              "fee": -0.00001410, "abandoned": %s}],
                 "hex": "02000000000101"}
                """.formatted(confirmations, block, SEGWIT_TXID, SEGWIT_WTXID, walletConflicts, replaced, BECH32, abandoned);
    }

    /** getmempoolentry as Bitcoin Core 24 answers it. */
    private static String mempoolEntry() {
        return """
                {"vsize": 680, "weight": 2718, "time": 1730999400, "height": 870119, "descendantcount": 1,
                 "descendantsize": 680, "ancestorcount": 1, "ancestorsize": 680, "wtxid": "%s",
                 "fees": {"base": 0.00001410, "modified": 0.00001410, "ancestor": 0.00001410, "descendant": 0.00001410},
                 "depends": [], "spentby": [], "bip125-replaceable": false, "unbroadcast": false}
                """.formatted(SEGWIT_WTXID);
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
