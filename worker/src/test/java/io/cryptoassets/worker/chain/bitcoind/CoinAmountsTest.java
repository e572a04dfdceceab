package io.cryptoassets.worker.chain.bitcoind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CoinAmountsTest {

    private final CoinAmounts bitcoin = new CoinAmounts(8);

    @ParameterizedTest
    @CsvSource({
            "0.00000001, 1",
            "20999999.9769, 2099999997690000",
            "20999999.97690000, 2099999997690000",
            "1, 100000000",
            "100, 10000000000",
            "0.1, 10000000",
            "92233720368.54775808, 9223372036854775808"})
    void coinsToSmallestUnitAndBackAreExact(String coins, String units) {
        assertThat(bitcoin.toSmallestUnit(new BigDecimal(coins))).isEqualTo(new BigInteger(units));
        assertThat(bitcoin.toCoins(new BigInteger(units))).isEqualByComparingTo(new BigDecimal(coins));
    }

    @ParameterizedTest
    @CsvSource({
            "1, 0.00000001",
            "2099999997690000, 20999999.9769",
            "10000000000, 100",
            "100000000, 1",
            "10, 0.0000001",
            "2100000000000000, 21000000"})
    void coinsAreWrittenAsPlainDecimalsWithoutTrailingZeros(String units, String text) {
        assertThat(bitcoin.toCoins(new BigInteger(units)).toPlainString()).isEqualTo(text);
        assertThat(bitcoin.toCoins(new BigInteger(units)).scale()).isNotNegative();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.000000001", "1.000000001", "20999999.976900001", "-0.000000015"})
    void moreDecimalsThanTheAssetAreAnErrorNotARounding(String coins) {
        assertThatThrownBy(() -> bitcoin.toSmallestUnit(new BigDecimal(coins)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 8 decimals");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 31})
    void decimalsOutsideTheSupportedRangeAreRefused(int decimals) {
        assertThatThrownBy(() -> new CoinAmounts(decimals)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0, 12, 12", "2, 12.34, 1234", "18, 1.000000000000000001, 1000000000000000001"})
    void otherDecimalsScaleTheSameWay(int decimals, String coins, String units) {
        CoinAmounts amounts = new CoinAmounts(decimals);
        assertThat(amounts.toSmallestUnit(new BigDecimal(coins))).isEqualTo(new BigInteger(units));
        assertThat(amounts.toCoins(new BigInteger(units)).toPlainString()).isEqualTo(coins);
    }
}
