package io.cryptoassets.worker.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of address validation. Inputs are enumerated exhaustively where the space is
 * small, and drawn from a seeded generator otherwise, so any failure names the seed that
 * reproduces it.
 */
class AddressChecksumPropertiesTest {

    static final String BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    static final String BASE58_CHARSET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /** BIP-173 P2WPKH and P2WSH (bech32), BIP-350 P2TR (bech32m), and a 42-character wallet address. */
    static final List<String> MAINNET_BECH32 = List.of(
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");

    /** Every network accepted, so a rejection below is the checksum's doing, not the prefix's. */
    private final AddressValidator anyBitcoinNetwork =
            AddressValidators.validatorFor("BTC", List.of("main", "test", "signet", "regtest"));

    /**
     * bech32 and bech32m are BCH codes that detect any error in up to 4 characters of a string of
     * at most 90, the human-readable part included. Exhaustive: every position of the address,
     * every other bech32 character.
     */
    @ParameterizedTest
    @FieldSource("MAINNET_BECH32")
    void substitutingAnySingleCharacterIsNeverAccepted(String address) {
        assertThat(anyBitcoinNetwork.check(address).isValid()).as("unchanged %s", address).isTrue();
        int checked = 0;
        for (int position = 0; position < address.length(); position++) {
            for (char replacement : BECH32_CHARSET.toCharArray()) {
                if (address.charAt(position) == replacement) {
                    continue;
                }
                String mutated = address.substring(0, position) + replacement + address.substring(position + 1);
                assertThat(anyBitcoinNetwork.check(mutated)).as(mutated).isInstanceOf(AddressCheck.Invalid.class);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(address.length() * BECH32_CHARSET.length() - countBech32(address));
    }

    /** Untrusted input is answered, never thrown on: bitcoinj's decoders see all sorts. */
    @ParameterizedTest
    @MethodSource("seeds")
    void everyInputGetsAnAnswer(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 50; i++) {
            String input = addressLike(random);
            for (AddressValidator validator : List.of(anyBitcoinNetwork, new RelaxedAddressValidator())) {
                AddressCheck check = validator.check(input);
                assertThat(check).as(input).isNotNull();
                if (check instanceof AddressCheck.Invalid invalid) {
                    assertThat(invalid.reason()).isNotBlank();
                }
            }
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    private static String addressLike(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> randomString(random, null, random.nextInt(101));
            case 1 -> randomString(random, BASE58_CHARSET, random.nextInt(41));
            default -> List.of("bc1", "tb1", "bcrt1", "BC1", "ltc1", "1").get(random.nextInt(6))
                    + randomString(random, BECH32_CHARSET, random.nextInt(91));
        };
    }

    /** Characters from {@code alphabet}, or any char including controls and surrogates when null. */
    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet == null ? (char) random.nextInt(Character.MAX_VALUE + 1)
                    : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static int countBech32(String address) {
        return (int) address.chars().filter(c -> BECH32_CHARSET.indexOf(c) >= 0).count();
    }
}
