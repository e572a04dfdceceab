package io.cryptoassets.worker.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real addresses with valid checksums: BIP-173/BIP-350 vectors and well-known addresses. */
class AddressBitcoinValidationTest {

    static final String GENESIS_P2PKH = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
    static final String MAIN_P2WPKH = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";

    static AddressValidator accepting(String... networks) {
        return AddressValidators.validatorFor("BTC", List.of(networks));
    }

    static String reason(AddressCheck check) {
        assertThat(check).isInstanceOf(AddressCheck.Invalid.class);
        return ((AddressCheck.Invalid) check).reason();
    }

    @ParameterizedTest
    @CsvSource({
            "main,    1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "main,    3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            "main,    bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "main,    BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "main,    bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
            "main,    bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "test,    mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
            "test,    n3GNqMveyvaPvUbH469vDRadqpJMPc84JA",
            "test,    2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc",
            "test,    tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
            "test,    tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
            "test,    tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
            "signet,  tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
            "signet,  mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
            "regtest, bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080",
            "regtest, bcrt1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qzf4jry",
            // regtest shares testnet's base58 prefixes, so a regtest node's legacy address looks like this
            "regtest, mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
            "regtest, 2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc",
    })
    void acceptsAddressesOfTheConfiguredNetwork(String network, String address) {
        assertThat(accepting(network).check(address)).isEqualTo(AddressCheck.valid());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "main    | tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx  | address is for testnet or signet, asset BTC accepts main",
            "main    | mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn          | address is for testnet, signet or regtest, asset BTC accepts main",
            "main    | bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080 | address is for regtest, asset BTC accepts main",
            "test    | 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa          | address is for mainnet, asset BTC accepts test",
            "test    | bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4  | address is for mainnet, asset BTC accepts test",
            "test    | bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080 | address is for regtest, asset BTC accepts test",
            "signet  | bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080 | address is for regtest, asset BTC accepts signet",
            "regtest | tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx  | address is for testnet or signet, asset BTC accepts regtest",
            "regtest | 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy          | address is for mainnet, asset BTC accepts regtest",
    })
    void rejectsAddressesOfAnotherNetworkNamingIt(String network, String address, String reason) {
        assertThat(reason(accepting(network).check(address))).isEqualTo(reason);
    }

    @Test
    void acceptsEveryListedNetworkAndOnlyThose() {
        AddressValidator validator = accepting("test", "regtest");
        assertThat(validator.check("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx").isValid()).isTrue();
        assertThat(validator.check("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080").isValid()).isTrue();
        assertThat(reason(validator.check(MAIN_P2WPKH)))
                .isEqualTo("address is for mainnet, asset BTC accepts test, regtest");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", // last character changed
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfMa",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3q4",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj2",
            "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsy",
    })
    void reportsAChangedCharacterAsChecksumMismatch(String address) {
        assertThat(reason(accepting("main", "test").check(address))).isEqualTo("checksum mismatch");
    }

    @Test
    void reportsBech32AndBech32mMixedUp() {
        // BIP-350 invalid vectors: witness v0 with a bech32m checksum, v1 with a bech32 checksum
        AddressValidator validator = accepting("main");
        assertThat(reason(validator.check("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh")))
                .startsWith("checksum mismatch");
        assertThat(reason(validator.check("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")))
                .startsWith("checksum mismatch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4"})
    void rejectsMixedCaseBech32(String address) {
        assertThat(reason(accepting("main").check(address))).isEqualTo("bech32 address mixes upper and lower case");
    }

    @ParameterizedTest
    @ValueSource(strings = {" " + GENESIS_P2PKH, GENESIS_P2PKH + " ", GENESIS_P2PKH + "\n", "\t" + MAIN_P2WPKH,
            MAIN_P2WPKH + "\u00a0", "\u2003" + MAIN_P2WPKH})
    void rejectsSurroundingWhitespaceInsteadOfTrimming(String address) {
        assertThat(reason(accepting("main").check(address))).isEqualTo("address has leading or trailing whitespace");
    }

    @Test
    void rejectsInnerWhitespaceAndCharactersOutsideTheAlphabet() {
        AddressValidator validator = accepting("main");
        assertThat(reason(validator.check("1A1zP1eP5QGefi2 DMPTfTL5SLmv7DivfNa")))
                .isEqualTo("invalid character U+0020 at position 15");
        assertThat(reason(validator.check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0")))
                .isEqualTo("invalid character '0' at position 33");
        assertThat(reason(validator.check("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3tb")))
                .isEqualTo("invalid character 'b' at position 41");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsMissingAddress(String address) {
        assertThat(reason(accepting("main").check(address))).isEqualTo("address is empty");
    }

    @Test
    void rejectsBlankAndOverlongInput() {
        AddressValidator validator = accepting("main");
        assertThat(reason(validator.check("   "))).isEqualTo("address is blank");
        assertThat(reason(validator.check(MAIN_P2WPKH + "q".repeat(49)))).isEqualTo("address is longer than 90 characters");
        assertThat(reason(validator.check("1".repeat(100_000)))).isEqualTo("address is longer than 90 characters");
    }

    @Test
    void refusesWitnessVersionsWithoutSpendingRules() {
        // BIP-350 valid vectors for witness versions 2 and 16: decodable, but anyone could spend them
        AddressValidator validator = accepting("main");
        assertThat(reason(validator.check("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs"))).startsWith("witness version 2 ");
        assertThat(reason(validator.check("BC1SW50QGDZ25J"))).startsWith("witness version 16 ");
    }

    @Test
    void namesAddressesOfOtherChains() {
        AddressValidator validator = accepting("main", "test", "signet", "regtest");
        assertThat(reason(validator.check("ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9")))
                .isEqualTo("bech32 prefix 'ltc' belongs to no Bitcoin network");
        assertThat(reason(validator.check("LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1")))
                .isEqualTo("address prefix belongs to no Bitcoin network");
    }
}
