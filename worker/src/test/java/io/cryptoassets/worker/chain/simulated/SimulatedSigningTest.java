package io.cryptoassets.worker.chain.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.Outpoint;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutput;
import org.junit.jupiter.api.Test;

/** Signing selects and locks unspent outputs; sending the signed bytes spends them once. */
class SimulatedSigningTest {

    private static final BigInteger FEE = BigInteger.valueOf(1_000);

    /** Four starting coins of 25,000. */
    private final SimulatedChain chain = new SimulatedChain(BitcoinNetwork.REGTEST, BigInteger.valueOf(100_000), FEE, 4);

    @Test
    void signingTakesTheOldestCoinsSendsChangeBackAndLocksTheInputsWithoutSending() {
        String to = chain.anyAddress();
        SignedTransaction signed = chain.sign(Map.of(to, BigInteger.valueOf(30_000)));

        assertThat(signed.inputs()).extracting(Outpoint::vout).containsExactly(0, 1);
        assertThat(signed.inputs()).extracting(Outpoint::txid).containsOnly(signed.inputs().get(0).txid());
        assertThat(signed.fee()).isEqualTo(FEE);
        assertThat(chain.lockedInputs()).containsExactlyInAnyOrderElementsOf(signed.inputs());

        Transaction tx = Transaction.read(ByteBuffer.wrap(HexFormat.of().parseHex(signed.raw())));
        assertThat(tx.getTxId().toString()).isEqualTo(signed.txid());
        List<TransactionOutput> outputs = tx.getOutputs();
        assertThat(outputs).hasSize(2);
        assertThat(outputs.get(0).getScriptPubKey().getToAddress(BitcoinNetwork.REGTEST).toString()).isEqualTo(to);
        assertThat(outputs.get(0).getValue().getValue()).isEqualTo(30_000);
        assertThat(outputs.get(1).getValue().getValue()).as("change").isEqualTo(50_000 - 30_000 - 1_000);

        assertThat(chain.status(signed.txid())).isEqualTo(BroadcastStatus.unknown());
        assertThat(chain.transaction(signed.txid())).isEmpty();
        assertThat(chain.sends()).isEmpty();
        assertThat(chain.walletBalance()).as("locked outputs are still held").isEqualTo(BigInteger.valueOf(100_000));
    }

    @Test
    void lockedCoinsAreNotSelectedAgainUntilUnlocked() {
        SignedTransaction first = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(40_000)));
        SignedTransaction second = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(40_000)));
        assertThat(second.inputs()).doesNotContainAnyElementsOf(first.inputs());

        assertRefused(() -> chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(1_000))),
                SendRefusal.Kind.INSUFFICIENT_FUNDS, -4, "Insufficient funds");

        chain.unlock(first.inputs());
        assertThat(chain.lockedInputs()).containsExactlyInAnyOrderElementsOf(second.inputs());
        SignedTransaction third = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(1_000)));
        assertThat(third.inputs()).containsExactly(first.inputs().get(0));
    }

    @Test
    void refusalsCarryBitcoinCoresWordsAndLockNothing() {
        String mainnet = new SimulatedChain(BitcoinNetwork.MAINNET, BigInteger.ZERO, FEE).anyAddress();
        Map<String, BigInteger> oneInvalid = new LinkedHashMap<>();
        oneInvalid.put(chain.anyAddress(), BigInteger.valueOf(5_000));
        oneInvalid.put(mainnet, BigInteger.valueOf(5_000));
        SendRefusedException invalid = assertRefused(() -> chain.sign(oneInvalid), SendRefusal.Kind.INVALID_ADDRESS, -5,
                "Invalid Bitcoin address: " + mainnet);
        assertThat(invalid.refusal().namedAddress()).contains(mainnet);

        Map<String, BigInteger> oneDust = new LinkedHashMap<>();
        oneDust.put(chain.anyAddress(), BigInteger.valueOf(5_000));
        oneDust.put(chain.anyAddress(), BigInteger.valueOf(545));
        assertRefused(() -> chain.sign(oneDust), SendRefusal.Kind.DUST, -4, "Transaction amount too small");
        assertRefused(() -> chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(99_001))),
                SendRefusal.Kind.INSUFFICIENT_FUNDS, -4, "Insufficient funds");
        assertRefused(() -> chain.send(Map.of(chain.anyAddress(), BigInteger.valueOf(545))), SendRefusal.Kind.DUST, -6,
                "Transaction amount too small");

        assertThat(chain.lockedInputs()).isEmpty();
        assertThat(chain.sends()).isEmpty();
        assertThat(chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(546))).inputs()).hasSize(1);
    }

    @Test
    void theDustThresholdIsSetPerChain() {
        chain.dustThreshold(BigInteger.valueOf(1_000));
        assertRefused(() -> chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(999))), SendRefusal.Kind.DUST, -4,
                "Transaction amount too small");
        assertThat(chain.lockedInputs()).isEmpty();
    }

    @Test
    void sendingTheSameSignedBytesTwiceIsOneTransactionThatPaysOnce() {
        String to = chain.anyAddress();
        SignedTransaction signed = chain.sign(Map.of(to, BigInteger.valueOf(30_000)));

        assertThat(chain.sendRaw(signed.raw())).isEqualTo(signed.txid());
        assertThat(chain.sendRaw(signed.raw())).isEqualTo(signed.txid());

        assertThat(chain.walletBalance()).isEqualTo(BigInteger.valueOf(100_000 - 30_000 - 1_000));
        assertThat(chain.sends()).singleElement().isEqualTo(new SimulatedSend(signed.txid(),
                Map.of(to, BigInteger.valueOf(30_000)), FEE));
        assertThat(chain.lockedInputs()).as("spent inputs are no longer locked").isEmpty();
        assertThat(chain.status(signed.txid()).state()).isEqualTo(BroadcastStatus.State.IN_MEMPOOL);
        assertThat(chain.transaction(signed.txid()).orElseThrow().fee()).isEqualTo(FEE);

        chain.mine(1);
        assertThat(chain.sendRaw(signed.raw())).as("a block has it: sent").isEqualTo(signed.txid());
        assertThat(chain.sends()).hasSize(1);
        assertThat(chain.walletBalance()).isEqualTo(BigInteger.valueOf(69_000));
    }

    @Test
    void aTransactionWhoseInputsAnotherSpentIsRefused() {
        SignedTransaction first = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(10_000)));
        chain.unlock(first.inputs());
        SignedTransaction second = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(12_000)));
        assertThat(second.inputs()).isEqualTo(first.inputs());
        chain.sendRaw(second.raw());

        assertRefused(() -> chain.sendRaw(first.raw()), SendRefusal.Kind.INPUTS_SPENT, -26, "txn-mempool-conflict");
        chain.mine(1);
        assertRefused(() -> chain.sendRaw(first.raw()), SendRefusal.Kind.INPUTS_SPENT, -25,
                "bad-txns-inputs-missingorspent");
        assertThat(chain.sends()).extracting(SimulatedSend::txid).containsExactly(second.txid());
        assertThat(chain.status(first.txid())).isEqualTo(BroadcastStatus.unknown());
    }

    @Test
    void bytesThatAreNoTransactionAreRefused() {
        assertRefused(() -> chain.sendRaw("00ff"), SendRefusal.Kind.OTHER, -22, "TX decode failed");
        assertRefused(() -> chain.sendRaw("not hex"), SendRefusal.Kind.OTHER, -22, "TX decode failed");
    }

    @Test
    void changeIsSpendableBeforeItConfirms() {
        SimulatedChain oneCoin = new SimulatedChain(BitcoinNetwork.REGTEST, BigInteger.valueOf(100_000), FEE, 1);
        oneCoin.send(Map.of(oneCoin.anyAddress(), BigInteger.valueOf(10_000)));
        assertThat(oneCoin.spendableBalance()).isEqualTo(BigInteger.valueOf(89_000));

        SignedTransaction fromChange = oneCoin.sign(Map.of(oneCoin.anyAddress(), BigInteger.valueOf(20_000)));
        assertThat(fromChange.inputs()).singleElement().satisfies(input ->
                assertThat(input.txid()).isEqualTo(oneCoin.sends().get(0).txid()));
        oneCoin.sendRaw(fromChange.raw());
        assertThat(oneCoin.spendableBalance()).isEqualTo(BigInteger.valueOf(68_000));
    }

    @Test
    void lockUnspentChecksAsBitcoinCoreDoes() {
        String deposit = chain.pay(chain.newAddress("a"), BigInteger.valueOf(7_000));
        Outpoint coin = new Outpoint(deposit, 0);

        chain.lockUnspent(false, List.of(coin), false);
        assertThat(chain.lockedInputs()).containsExactly(coin);
        assertInvalidParameter(() -> chain.lockUnspent(false, List.of(coin), false), "Invalid parameter, output already locked");
        chain.lockUnspent(false, List.of(coin), true);
        assertInvalidParameter(() -> chain.lockUnspent(true, List.of(new Outpoint(deposit, 1)), false),
                "Invalid parameter, vout index out of bounds");
        assertInvalidParameter(() -> chain.lockUnspent(true, List.of(new Outpoint("ab".repeat(32), 0)), false),
                "Invalid parameter, unknown transaction");

        chain.lockUnspent(true, List.of(coin), false);
        assertInvalidParameter(() -> chain.lockUnspent(true, List.of(coin), false), "Invalid parameter, expected locked output");
        chain.lockUnspent(false, List.of(coin), false);
        chain.lockUnspent(true, List.of(), false);
        assertThat(chain.lockedInputs()).isEmpty();
        chain.unlock(List.of(coin)); // the port's unlock skips what is not locked
    }

    @Test
    void faultsStrikeSigningAndSendingRaw() {
        chain.faults().next(ChainCall.SIGN, Fault.refuse())
                .next(ChainCall.SIGN, Fault.timeoutAfterSend())
                .next(ChainCall.SIGN, Fault.slow(Duration.ofMillis(50)));
        Map<String, BigInteger> outputs = Map.of(chain.anyAddress(), BigInteger.valueOf(1_000));

        assertRefused(() -> chain.sign(outputs), SendRefusal.Kind.OTHER, -1, "simulated refusal of SIGN");
        assertThat(chain.lockedInputs()).isEmpty();
        assertThatThrownBy(() -> chain.sign(outputs)).isExactlyInstanceOf(NodeCallFailedException.class);
        assertThat(chain.lockedInputs()).as("locked before the answer was lost").hasSize(1);
        long started = System.nanoTime();
        SignedTransaction signed = chain.sign(outputs);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));

        chain.faults().next(ChainCall.SEND_RAW, Fault.refuse(-26, "min relay fee not met"))
                .next(ChainCall.SEND_RAW, Fault.timeoutBeforeSend())
                .next(ChainCall.SEND_RAW, Fault.timeoutAfterSend());
        assertRefused(() -> chain.sendRaw(signed.raw()), SendRefusal.Kind.OTHER, -26, "min relay fee not met");
        assertThatThrownBy(() -> chain.sendRaw(signed.raw())).isInstanceOf(SendOutcomeUnknownException.class);
        assertThat(chain.status(signed.txid()).state()).isEqualTo(BroadcastStatus.State.UNKNOWN);
        assertThatThrownBy(() -> chain.sendRaw(signed.raw())).isInstanceOf(SendOutcomeUnknownException.class);
        assertThat(chain.status(signed.txid()).state()).isEqualTo(BroadcastStatus.State.IN_MEMPOOL);
        assertThat(chain.sends()).hasSize(1);
    }

    @Test
    void theNewCallsFailWhileTheNodeIsDown() {
        SignedTransaction signed = chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(1_000)));
        chain.faults().down(true);
        assertThatThrownBy(() -> chain.sendRaw(signed.raw())).isExactlyInstanceOf(NodeCallFailedException.class);
        assertThatThrownBy(() -> chain.status(signed.txid())).isExactlyInstanceOf(NodeCallFailedException.class);
        assertThatThrownBy(chain::lockedInputs).isExactlyInstanceOf(NodeCallFailedException.class);
        assertThatThrownBy(() -> chain.unlock(signed.inputs())).isExactlyInstanceOf(NodeCallFailedException.class);
        chain.faults().down(false);
        assertThat(chain.lockedInputs()).containsExactlyElementsOf(signed.inputs());
    }

    private static SendRefusedException assertRefused(ThrowingCallable call, SendRefusal.Kind kind, int code,
                                                      String message) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(SendRefusedException.class).hasMessageContaining(message);
        SendRefusedException refused = (SendRefusedException) thrown;
        assertThat(refused.refusal().kind()).isEqualTo(kind);
        assertThat(refused.rpcCode()).isEqualTo(code);
        return refused;
    }

    private static void assertInvalidParameter(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(NodeCallFailedException.class).hasMessage(message)
                .satisfies(e -> assertThat(((NodeCallFailedException) e).rpcCode()).isEqualTo(-8));
    }
}
