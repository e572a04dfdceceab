package io.cryptoassets.worker.address;

import java.util.Arrays;
import java.util.Optional;
import org.bitcoinj.base.BitcoinNetwork;

/** The names allowed in an asset's {@code address-networks}, each with its bitcoinj network. */
enum AddressNetwork {

    MAIN("main", "mainnet", BitcoinNetwork.MAINNET),
    TEST("test", "testnet", BitcoinNetwork.TESTNET),
    SIGNET("signet", "signet", BitcoinNetwork.SIGNET),
    REGTEST("regtest", "regtest", BitcoinNetwork.REGTEST);

    /** Not a network: turns Bitcoin validation off for a chain bitcoinj does not know. */
    static final String ANY = "any";

    static final String CHOICES = "main, test, signet, regtest or any";

    final String setting;
    /** The name people use for the network, e.g. {@code testnet}; used in reasons. */
    final String displayName;
    final BitcoinNetwork bitcoinNetwork;

    AddressNetwork(String setting, String displayName, BitcoinNetwork bitcoinNetwork) {
        this.setting = setting;
        this.displayName = displayName;
        this.bitcoinNetwork = bitcoinNetwork;
    }

    /** Exact, lower-case names only, so that a typo fails at start-up instead of matching. */
    static Optional<AddressNetwork> fromSetting(String setting) {
        return Arrays.stream(values()).filter(n -> n.setting.equals(setting)).findFirst();
    }
}
