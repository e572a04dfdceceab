package io.cryptoassets.worker.chain.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.chain.BroadcastStatus;
import io.cryptoassets.worker.chain.BroadcastStatus.State;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.SendRefusal;
import io.cryptoassets.worker.chain.SendRefusedException;
import io.cryptoassets.worker.chain.SignedTransaction;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;

/** What the network does to a sent transaction, and how {@code status} reports each state. */
class SimulatedChainEventsTest {

    private static final BigInteger FEE = BigInteger.valueOf(1_000);
    private static final BigInteger HELD = BigInteger.valueOf(100_000);

    /** Four starting coins of 25,000. */
    private final SimulatedChain chain = new SimulatedChain(BitcoinNetwork.REGTEST, HELD, FEE, 4);

    @Test
    void statusFollowsATransactionFromSignedToConfirmed() {
        SignedTransaction signed = sign(30_000);
        assertThat(chain.status(signed.txid())).isEqualTo(BroadcastStatus.unknown());

        chain.sendRaw(signed.raw());
        assertThat(chain.status(signed.txid())).isEqualTo(new BroadcastStatus(State.IN_MEMPOOL, 0, FEE, List.of(), null));
        chain.mine(2);
        assertThat(chain.status(signed.txid())).isEqualTo(new BroadcastStatus(State.CONFIRMED, 2, FEE, List.of(), null));
        chain.reorganize(2);
        assertThat(chain.status(signed.txid()).state()).as("a reorganisation returns it to the mempool")
                .isEqualTo(State.IN_MEMPOOL);
        chain.mine(1);
        assertThat(chain.status(signed.txid()).confirmations()).isEqualTo(1);
    }

    @Test
    void aDroppedTransactionIsKnownButNotInTheMempoolAndCanBeSentAgain() {
        SignedTransaction signed = sign(30_000);
        chain.sendRaw(signed.raw());

        chain.dropFromMempool(signed.txid());
        assertThat(chain.status(signed.txid()).state()).isEqualTo(State.DROPPED);
        assertThat(chain.transaction(signed.txid())).isPresent();
        assertThat(chain.walletBalance()).as("its inputs are unspent again").isEqualTo(HELD);
        assertThat(chain.lockedInputs()).isEmpty();

        assertThat(chain.sendRaw(signed.raw())).isEqualTo(signed.txid());
        assertThat(chain.status(signed.txid()).state()).isEqualTo(State.IN_MEMPOOL);
        assertThat(chain.sends()).hasSize(1);
        assertThat(chain.walletBalance()).isEqualTo(BigInteger.valueOf(69_000));
    }

    @Test
    void droppingATransactionDropsWhatSpendsItsChange() {
        SimulatedChain oneCoin = new SimulatedChain(BitcoinNetwork.REGTEST, HELD, FEE, 1);
        String parent = oneCoin.send(Map.of(oneCoin.anyAddress(), BigInteger.valueOf(10_000)));
        String child = oneCoin.send(Map.of(oneCoin.anyAddress(), BigInteger.valueOf(10_000)));

        oneCoin.dropFromMempool(parent);
        assertThat(oneCoin.status(parent).state()).isEqualTo(State.DROPPED);
        assertThat(oneCoin.status(child).state()).isEqualTo(State.DROPPED);
        assertThat(oneCoin.walletBalance()).isEqualTo(HELD);
    }

    @Test
    void aMinedDoubleSpendConflictsTheTransactionForGood() {
        SignedTransaction signed = sign(30_000);
        chain.sendRaw(signed.raw());

        String conflicting = chain.doubleSpend(signed.txid());

        assertThat(chain.status(signed.txid()))
                .isEqualTo(new BroadcastStatus(State.CONFLICTED, 0, FEE, List.of(conflicting), null));
        NodeTransaction seen = chain.transaction(signed.txid()).orElseThrow();
        assertThat(seen.conflicted()).isTrue();
        assertThat(seen.confirmations()).isZero();
        assertThat(chain.status(conflicting).state()).isEqualTo(State.CONFIRMED);
        assertThat(chain.view(signed.txid()).orElseThrow().nodeConfirmations()).isEqualTo(-1);
        chain.mine(1);
        assertThat(chain.view(signed.txid()).orElseThrow().nodeConfirmations()).isEqualTo(-2);

        assertThatThrownBy(() -> chain.sendRaw(signed.raw())).isInstanceOf(SendRefusedException.class)
                .satisfies(e -> assertThat(((SendRefusedException) e).refusal().kind()).isEqualTo(SendRefusal.Kind.INPUTS_SPENT));
        assertThat(chain.walletBalance()).as("the double spend moved the coin within the wallet").isEqualTo(HELD);
    }

    @Test
    void aReorganisationThatUndoesTheDoubleSpendLeavesTheTransactionDroppedAndStillConflicting() {
        SignedTransaction signed = sign(30_000);
        chain.sendRaw(signed.raw());
        String conflicting = chain.doubleSpend(signed.txid());

        chain.reorganize(1);

        assertThat(chain.status(conflicting).state()).isEqualTo(State.IN_MEMPOOL);
        assertThat(chain.status(signed.txid()))
                .isEqualTo(new BroadcastStatus(State.DROPPED, 0, FEE, List.of(conflicting), null));
        assertThatThrownBy(() -> chain.sendRaw(signed.raw())).hasMessage("txn-mempool-conflict");
    }

    @Test
    void aSignedTransactionDoubleSpentBeforeItWasSentIsRefusedAndFreesTheSpentLock() {
        SignedTransaction signed = sign(30_000);

        chain.doubleSpend(signed.txid());

        assertThat(chain.status(signed.txid()).state()).isEqualTo(State.UNKNOWN);
        assertThat(chain.lockedInputs()).containsExactly(signed.inputs().get(1));
        assertThatThrownBy(() -> chain.sendRaw(signed.raw())).hasMessage("bad-txns-inputs-missingorspent");
    }

    @Test
    void onlyAnUnconfirmedTransactionCanBeDoubleSpentDroppedOrReplaced() {
        SignedTransaction signed = sign(30_000);
        chain.sendRaw(signed.raw());
        chain.mine(1);

        assertThatThrownBy(() -> chain.doubleSpend(signed.txid())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> chain.dropFromMempool(signed.txid())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> chain.replace(signed.txid())).isInstanceOf(IllegalStateException.class);
        assertThat(chain.status(signed.txid()).state()).isEqualTo(State.CONFIRMED);
    }

    @Test
    void aReplacementPaysTheSameOutputsUnderAnotherTxid() {
        SignedTransaction signed = sign(30_000);
        chain.sendRaw(signed.raw());

        String replacement = chain.replace(signed.txid());

        assertThat(replacement).isNotEqualTo(signed.txid());
        assertThat(chain.status(signed.txid()))
                .isEqualTo(new BroadcastStatus(State.CONFLICTED, 0, FEE, List.of(replacement), replacement));
        assertThat(chain.status(replacement).state()).isEqualTo(State.IN_MEMPOOL);
        RawTransaction original = RawTransaction.parse(signed.raw(), chain.network());
        RawTransaction replacing = chain.view(replacement).orElseThrow().raw();
        assertThat(replacing.inputs()).isEqualTo(original.inputs());
        assertThat(replacing.outputs()).isEqualTo(original.outputs());
        assertThat(chain.sends()).extracting(SimulatedSend::txid).containsExactly(signed.txid());
        assertThat(chain.walletBalance()).isEqualTo(BigInteger.valueOf(69_000));

        chain.mine(1);
        assertThat(chain.status(replacement).state()).isEqualTo(State.CONFIRMED);
        assertThat(chain.status(signed.txid()).state()).isEqualTo(State.CONFLICTED);
        assertThat(chain.transaction(signed.txid()).orElseThrow().conflicted()).isTrue();
    }

    @Test
    void aDepositDoubleSpentByItsSenderNeverCounts() {
        String address = chain.newAddress("deposit");
        String deposit = chain.pay(address, BigInteger.valueOf(7_000));

        chain.doubleSpend(deposit);
        chain.mine(1);

        assertThat(chain.transaction(deposit).orElseThrow().conflicted()).isTrue();
        assertThat(chain.receivedSince(null, 1).received()).isEmpty();
        assertThat(chain.walletBalance()).isEqualTo(HELD);
    }

    private SignedTransaction sign(long amount) {
        return chain.sign(Map.of(chain.anyAddress(), BigInteger.valueOf(amount)));
    }
}
