package io.cryptoassets.worker.chain.bitcoind;

import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.LEGACY_INPUT;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.LEGACY_RAW;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.LEGACY_TXID;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_INPUT_0;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_INPUT_1;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_RAW;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_TXID;
import static io.cryptoassets.worker.chain.bitcoind.SignedTransactions.SEGWIT_WTXID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawTransactionTest {

    @Test
    void segwitTxidLeavesTheWitnessesOut() {
        RawTransaction transaction = RawTransaction.parse(SEGWIT_RAW);

        assertThat(transaction.txid()).isEqualTo(SEGWIT_TXID).isNotEqualTo(SEGWIT_WTXID);
        assertThat(transaction.inputs()).containsExactly(SEGWIT_INPUT_0, SEGWIT_INPUT_1);
        assertThat(transaction.hex()).isEqualTo(SEGWIT_RAW);
    }

    @Test
    void legacyTransactionHasItsTxidAndInput() {
        RawTransaction transaction = RawTransaction.parse(LEGACY_RAW);

        assertThat(transaction.txid()).isEqualTo(LEGACY_TXID);
        assertThat(transaction.inputs()).containsExactly(LEGACY_INPUT);
    }

    @Test
    void uppercaseHexIsReadAndKeptLowercase() {
        RawTransaction transaction = RawTransaction.parse(SEGWIT_RAW.toUpperCase(Locale.ROOT));

        assertThat(transaction.txid()).isEqualTo(SEGWIT_TXID);
        assertThat(transaction.hex()).isEqualTo(SEGWIT_RAW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "zz", "01000000", "0100000001"})
    void whatIsNotATransactionIsRefused(String hex) {
        assertThatThrownBy(() -> RawTransaction.parse(hex)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesAfterTheTransactionAreRefused() {
        assertThatThrownBy(() -> RawTransaction.parse(LEGACY_RAW + "00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the end");
    }

    @Test
    void aTruncatedTransactionIsRefused() {
        assertThatThrownBy(() -> RawTransaction.parse(SEGWIT_RAW.substring(0, SEGWIT_RAW.length() - 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
