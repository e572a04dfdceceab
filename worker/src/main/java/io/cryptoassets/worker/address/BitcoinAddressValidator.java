package io.cryptoassets.worker.address;

import static io.cryptoassets.worker.address.AddressCheck.invalid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.Bech32;
import org.bitcoinj.base.LegacyAddress;
import org.bitcoinj.base.SegwitAddress;
import org.bitcoinj.base.exceptions.AddressFormatException;

/**
 * Checks Bitcoin addresses with bitcoinj: base58check P2PKH and P2SH, bech32 (witness v0) and
 * bech32m (taproot), checksums and network prefixes included.
 *
 * <p>Addresses cannot tell the four networks apart: testnet and signet share every prefix, and
 * regtest shares their base58 prefixes ({@code m}, {@code n}, {@code 2}) and has a bech32
 * prefix of its own ({@code bcrt1}). So an address matches a set of networks and is accepted
 * when that set meets the configured one.
 *
 * <p>bitcoinj's {@code AddressParser} is not used: for a network it reports a bad base58
 * checksum or a bech32 address of another network as a bare {@code AddressFormatException}
 * whose message is the address itself, which gives the client no reason.
 */
final class BitcoinAddressValidator implements AddressValidator {

    /**
     * BIP-173 caps bech32 strings at 90 characters and base58 addresses are at most 35. Bounding
     * the input first also bounds base58 decoding, whose cost grows with the length squared.
     */
    static final int MAX_LENGTH = 90;

    /**
     * Networks whose base58 version bytes are the same, so one decode answers for all of them:
     * testnet, signet and regtest share theirs. Decoding once per family instead of once per
     * network spares a base58 decode and a thrown {@code WrongNetwork} per address.
     */
    private static final List<Set<AddressNetwork>> BASE58_FAMILIES = families(n -> List.of(
            LegacyAddress.AddressHeader.ofNetwork(n.bitcoinNetwork).headerByte(),
            LegacyAddress.P2SHHeader.ofNetwork(n.bitcoinNetwork).headerByte()));

    /** Networks that share a bech32 prefix (testnet and signet share {@code tb}). */
    private static final List<Set<AddressNetwork>> BECH32_FAMILIES = families(n -> n.bitcoinNetwork.segwitAddressHrp());

    private final String assetCode;
    private final Set<AddressNetwork> accepted;

    BitcoinAddressValidator(String assetCode, Set<AddressNetwork> accepted) {
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException(assetCode + ": accept at least one network");
        }
        this.assetCode = assetCode;
        this.accepted = EnumSet.copyOf(accepted);
    }

    @Override
    public AddressCheck check(String address) {
        Optional<AddressCheck> shape = AddressText.shapeProblem(address, MAX_LENGTH);
        if (shape.isPresent()) {
            return shape.get();
        }
        boolean bech32 = hasBitcoinBech32Prefix(address);
        if (bech32 && mixesCase(address)) {
            return invalid("bech32 address mixes upper and lower case");
        }
        Set<AddressNetwork> matching = EnumSet.noneOf(AddressNetwork.class);
        for (Set<AddressNetwork> family : bech32 ? bech32Families(address) : BASE58_FAMILIES) {
            AddressNetwork network = family.iterator().next();
            try {
                Address decoded = bech32
                        ? SegwitAddress.fromBech32(address, network.bitcoinNetwork)
                        : LegacyAddress.fromBase58(address, network.bitcoinNetwork);
                Optional<AddressCheck> unspendable = unknownWitnessVersion(decoded);
                if (unspendable.isPresent()) {
                    return unspendable.get();
                }
                matching.addAll(family);
            } catch (AddressFormatException.WrongNetwork e) {
                // Only the prefix differs; another network may own it.
            } catch (AddressFormatException e) {
                // Bad text, checksum or program: no other network would think better of it.
                return invalid(bech32 ? reason(e) : foreignBech32(address).orElse(reason(e)));
            }
        }
        if (matching.isEmpty()) {
            return invalid("address prefix belongs to no Bitcoin network");
        }
        if (matching.stream().anyMatch(accepted::contains)) {
            return AddressCheck.valid();
        }
        return invalid("address is for " + names(matching) + ", asset " + assetCode + " accepts "
                + accepted.stream().map(n -> n.setting).collect(Collectors.joining(", ")));
    }

    private static List<Set<AddressNetwork>> families(Function<AddressNetwork, Object> sharedBy) {
        Map<Object, Set<AddressNetwork>> families = new LinkedHashMap<>();
        for (AddressNetwork network : AddressNetwork.values()) {
            families.computeIfAbsent(sharedBy.apply(network), key -> EnumSet.noneOf(AddressNetwork.class)).add(network);
        }
        return List.copyOf(families.values());
    }

    /**
     * The bech32 families the address can belong to: only a network whose prefix it starts with
     * can decode it, and every other one would only decode it to throw {@code WrongNetwork}. The
     * checksum does not depend on the network, so a bad one is still found on the first decode.
     */
    private static List<Set<AddressNetwork>> bech32Families(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        List<Set<AddressNetwork>> candidates = new ArrayList<>(1);
        for (Set<AddressNetwork> family : BECH32_FAMILIES) {
            if (lower.startsWith(family.iterator().next().bitcoinNetwork.segwitAddressHrp() + "1")) {
                candidates.add(family);
            }
        }
        return candidates;
    }

    /**
     * Picks the decoder. No Bitcoin base58 address starts with {@code b} or {@code t}, so the
     * choice only decides which decoder explains why a bad input is bad.
     */
    private static boolean hasBitcoinBech32Prefix(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        return Arrays.stream(AddressNetwork.values())
                .anyMatch(n -> lower.startsWith(n.bitcoinNetwork.segwitAddressHrp() + "1"));
    }

    /** BIP-173 allows all-lower or all-upper case only; bitcoinj would say "invalid character". */
    private static boolean mixesCase(String address) {
        return !address.equals(address.toLowerCase(Locale.ROOT))
                && !address.equals(address.toUpperCase(Locale.ROOT));
    }

    /**
     * bitcoinj decodes witness versions 2 to 16, which no soft fork has given spending rules yet:
     * coins sent there can be taken by anyone, so such a destination is refused.
     */
    private static Optional<AddressCheck> unknownWitnessVersion(Address decoded) {
        if (decoded instanceof SegwitAddress segwit && segwit.getWitnessVersion() > 1) {
            return Optional.of(invalid("witness version " + segwit.getWitnessVersion()
                    + " has no spending rules yet; coins sent there could be taken by anyone"));
        }
        return Optional.empty();
    }

    /** A checksummed bech32 string of another chain, e.g. ltc1...: say so, not "invalid character". */
    private static Optional<String> foreignBech32(String address) {
        try {
            String prefix = Bech32.decode(address).hrp;
            return Optional.of("bech32 prefix '" + prefix + "' belongs to no Bitcoin network");
        } catch (AddressFormatException e) {
            return Optional.empty();
        }
    }

    private static String reason(AddressFormatException e) {
        if (e instanceof AddressFormatException.InvalidChecksum) {
            return "checksum mismatch";
        }
        if (e instanceof AddressFormatException.InvalidCharacter c) {
            return "invalid character " + AddressText.describe(c.character) + " at position " + c.position;
        }
        if (e instanceof AddressFormatException.UnexpectedWitnessVersion) {
            // BIP-350: version 0 must use the bech32 checksum, later versions bech32m.
            return "checksum mismatch: bech32 and bech32m mixed up for the witness version";
        }
        if (e instanceof AddressFormatException.InvalidDataLength) {
            return "invalid length: " + e.getMessage();
        }
        return "malformed address: " + e.getMessage();
    }

    private static String names(Set<AddressNetwork> networks) {
        List<String> names = new ArrayList<>();
        networks.forEach(n -> names.add(n.displayName));
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
