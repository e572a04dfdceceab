package io.cryptoassets.worker.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRelaxedValidationTest {

    private final AddressValidator relaxed = AddressValidators.validatorFor("LTC", List.of("any"));

    @ParameterizedTest
    @ValueSource(strings = {
            "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9",
            "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1",
            "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L",
            "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
            "0x52908400098527886E0F7030069857D2E4169EE7",
            "x",
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", // a checksum is not checked: the node judges
    })
    void acceptsAnyStringOfTheAllowedCharacters(String address) {
        assertThat(relaxed.check(address)).isEqualTo(AddressCheck.valid());
    }

    @Test
    void acceptsUpTo128Characters() {
        assertThat(relaxed.check("a".repeat(128)).isValid()).isTrue();
        assertThat(relaxed.check("a".repeat(129)))
                .isEqualTo(AddressCheck.invalid("address is longer than 128 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ltc1q w508", "a/b", "a\u0000b", "<script>", "adresse\u00e9", "a;b", "a\u00a0b"})
    void rejectsOtherCharacters(String address) {
        assertThat(relaxed.check(address)).isInstanceOfSatisfying(AddressCheck.Invalid.class,
                invalid -> assertThat(invalid.reason()).startsWith("invalid character "));
    }

    @ParameterizedTest
    @ValueSource(strings = {" LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1", "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1\r\n"})
    void rejectsSurroundingWhitespace(String address) {
        assertThat(relaxed.check(address))
                .isEqualTo(AddressCheck.invalid("address has leading or trailing whitespace"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsMissingAddress(String address) {
        assertThat(relaxed.check(address)).isEqualTo(AddressCheck.invalid("address is empty"));
    }
}
