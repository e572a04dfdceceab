package io.cryptoassets.worker.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

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
     * at most 90, the human-readable part included; substituting the separator or the b of bc
     * breaks the structure instead. Run exhaustively: every position of every address, every
     * other bech32 character (4 x 62 x 32 cases, those past an address's end skipped).
     */
    @Property(tries = 10_000, generation = GenerationMode.EXHAUSTIVE)
    void substitutingAnySingleCharacterIsNeverAccepted(
            @ForAll("mainnetBech32") String address,
            @ForAll @IntRange(min = 0, max = 61) int position,
            @ForAll("bech32Characters") char replacement) {
        Assume.that(position < address.length() && address.charAt(position) != replacement);
        assertThat(anyBitcoinNetwork.check(address).isValid()).as("unchanged %s", address).isTrue();

        String mutated = address.substring(0, position) + replacement + address.substring(position + 1);

        assertThat(anyBitcoinNetwork.check(mutated)).isInstanceOf(AddressCheck.Invalid.class);
    }

    /** Untrusted input is answered, never thrown on: bitcoinj's decoders see all sorts. */
    @Property(tries = 1_000)
    void everyInputGetsAnAnswer(@ForAll("addressLike") String input) {
        for (AddressValidator validator : List.of(anyBitcoinNetwork, new RelaxedAddressValidator())) {
            AddressCheck check = validator.check(input);
            assertThat(check).isNotNull();
            if (check instanceof AddressCheck.Invalid invalid) {
                assertThat(invalid.reason()).isNotBlank();
            }
        }
    }

    @Provide
    Arbitrary<String> mainnetBech32() {
        return Arbitraries.of(MAINNET_BECH32);
    }

    @Provide
    Arbitrary<Character> bech32Characters() {
        return Arbitraries.of(BECH32_CHARSET.chars().mapToObj(c -> (char) c).toList());
    }

    @Provide
    Arbitrary<String> addressLike() {
        Arbitrary<String> bech32Body = Arbitraries.strings().withChars(BECH32_CHARSET.toCharArray()).ofMaxLength(90);
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(100),
                Arbitraries.strings().withChars(BASE58_CHARSET.toCharArray()).ofMaxLength(40),
                Arbitraries.of("bc1", "tb1", "bcrt1", "BC1", "ltc1", "1").flatMap(p -> bech32Body.map(b -> p + b)));
    }
}
