package io.cryptoassets.worker.chain.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.NodeTransaction;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.chain.ReceivedSince;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;

class SimulatedChainTest {

    private final SimulatedChain chain = new SimulatedChain(BitcoinNetwork.REGTEST, BigInteger.valueOf(100_000),
            BigInteger.valueOf(1_000));

    @Test
    void confirmationsCountBlocksFromTheOneThatHoldsTheTransaction() {
        String address = chain.newAddress("a");
        String txid = chain.pay(address, BigInteger.valueOf(5_000));
        assertThat(chain.transaction(txid).orElseThrow().confirmations()).isZero();

        chain.mine(1);
        assertThat(chain.transaction(txid).orElseThrow().confirmations()).isEqualTo(1);
        chain.mine(2);
        NodeTransaction seen = chain.transaction(txid).orElseThrow();
        assertThat(seen.confirmations()).isEqualTo(3);
        assertThat(seen.fee()).isNull();
        assertThat(seen.received()).containsExactly(new ReceivedOutput(txid, 0, address, BigInteger.valueOf(5_000), 3));
    }

    @Test
    void aReorganisationSendsTransactionsBackToTheMempool() {
        String txid = chain.pay(chain.newAddress("a"), BigInteger.TEN);
        chain.mine(3);
        chain.reorganize(3);
        assertThat(chain.transaction(txid).orElseThrow().confirmations()).isZero();
        chain.mine(1);
        assertThat(chain.transaction(txid).orElseThrow().confirmations()).isEqualTo(1);
    }

    @Test
    void receivedSinceListsOnlyWalletOutputsAfterTheBlockAndLagsByTheTarget() {
        String ours = chain.newAddress("a");
        String before = chain.pay(ours, BigInteger.ONE);
        chain.mine(1);
        ReceivedSince first = chain.receivedSince(null, 1);
        assertThat(first.received()).extracting(ReceivedOutput::txid).containsExactly(before);

        String later = chain.pay(ours, BigInteger.TWO);
        chain.pay(chain.anyAddress(), BigInteger.TEN); // not the wallet's
        chain.mine(1);
        assertThat(chain.receivedSince(first.lastBlock(), 1).received()).extracting(ReceivedOutput::txid)
                .containsExactly(later);
        // With a target of 2 the position stays one block behind the tip, so 'later' is listed again.
        ReceivedSince lagging = chain.receivedSince(null, 2);
        assertThat(chain.receivedSince(lagging.lastBlock(), 2).received()).extracting(ReceivedOutput::txid)
                .containsExactly(later);
    }

    @Test
    void aSendSpendsTheWalletAndIsCounted() {
        String txid = chain.send(Map.of(chain.anyAddress(), BigInteger.valueOf(9_000)));
        assertThat(chain.walletBalance()).isEqualTo(BigInteger.valueOf(90_000));
        assertThat(chain.sends()).singleElement().satisfies(s -> assertThat(s.txid()).isEqualTo(txid));
        assertThat(chain.transaction(txid).orElseThrow().fee()).isEqualTo(BigInteger.valueOf(1_000));
    }

    @Test
    void aPaymentFromOutsideIsHeldAndSpendableOnceMinedWhileChangeIsAtOnce() {
        chain.pay(chain.newAddress("top-up"), BigInteger.valueOf(40_000));
        assertThat(chain.spendableBalance()).isEqualTo(BigInteger.valueOf(100_000));

        chain.mine(1);
        assertThat(chain.spendableBalance()).isEqualTo(BigInteger.valueOf(140_000));
        chain.send(Map.of(chain.anyAddress(), BigInteger.valueOf(5_000)));
        assertThat(chain.spendableBalance()).isEqualTo(BigInteger.valueOf(134_000));
    }

    @Test
    void aSendBeyondTheWalletIsRefusedWithBitcoinCoresCode() {
        assertThatThrownBy(() -> chain.send(Map.of(chain.anyAddress(), BigInteger.valueOf(99_001))))
                .isInstanceOf(NodeCallFailedException.class)
                .satisfies(e -> assertThat(((NodeCallFailedException) e).rpcCode()).isEqualTo(-6));
        assertThat(chain.sends()).isEmpty();
    }

    @Test
    void faultsStrikeTheNextCallOfTheirKindOnce() {
        chain.faults().next(ChainCall.SEND, Fault.refuse())
                .next(ChainCall.SEND, Fault.timeoutBeforeSend())
                .next(ChainCall.SEND, Fault.timeoutAfterSend());
        Map<String, BigInteger> outputs = Map.of(chain.anyAddress(), BigInteger.valueOf(1_000));

        assertThatThrownBy(() -> chain.send(outputs)).isInstanceOf(NodeCallFailedException.class);
        assertThat(chain.sends()).isEmpty();
        assertThatThrownBy(() -> chain.send(outputs)).isInstanceOf(SendOutcomeUnknownException.class);
        assertThat(chain.sends()).isEmpty();
        assertThatThrownBy(() -> chain.send(outputs)).isInstanceOf(SendOutcomeUnknownException.class);
        assertThat(chain.sends()).hasSize(1);
        chain.send(outputs);
        assertThat(chain.sends()).hasSize(2);
    }

    @Test
    void aSlowReplyStillAnswers() {
        chain.faults().next(ChainCall.BLOCK_COUNT, Fault.slow(Duration.ofMillis(50)));
        long started = System.nanoTime();
        assertThat(chain.blockCount()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aDownNodeRefusesEverything() {
        chain.faults().down(true);
        assertThatThrownBy(chain::blockCount).isInstanceOf(NodeCallFailedException.class);
        assertThatThrownBy(() -> chain.send(Map.of(chain.anyAddress(), BigInteger.valueOf(1_000))))
                .isInstanceOf(NodeCallFailedException.class);
        chain.faults().down(false);
        assertThat(chain.blockCount()).isZero();
    }
}
