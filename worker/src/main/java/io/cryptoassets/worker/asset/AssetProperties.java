package io.cryptoassets.worker.asset;

import io.cryptoassets.worker.chain.NodeProperties;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured asset. Only configured assets exist for the worker: a request naming any
 * other asset is rejected, and nothing from a message ever becomes a schema name.
 *
 * @param code                  the asset code on the wire, e.g. {@code BTC}
 * @param schema                the PostgreSQL schema holding this asset's tables; defaults to
 *                              the lower-cased code
 * @param decimals              digits of the smallest unit (8 for satoshi); informative, since
 *                              every amount is already an integer in the smallest unit
 * @param confirmationsToCredit a deposit is credited once it has this many confirmations
 * @param trackingLimit         confirmations after which a network transaction is no longer polled
 * @param addressNetworks       networks whose addresses are accepted (main, test, regtest,
 *                              signet) or {@code any} to relax validation for an unknown chain
 * @param node                  the node that sends withdrawals and reports deposits, if any
 * @param deposits              where deposits are believed from: the node whenever there is
 *                              one; {@code reported} only for an asset without a node
 * @param minWithdrawal         smallest amount a withdrawal may pay, in the smallest unit; smaller
 *                              ones are rejected {@code AMOUNT_BELOW_MINIMUM}. The default, 1000,
 *                              is above Bitcoin's dust threshold for every output type (546
 *                              satoshi for P2PKH at the default dust relay fee)
 * @param broadcastMode         how withdrawals reach the node: {@code signed} (sign, record the
 *                              txid, then send; needs PSBT support) or {@code sendmany} (one call,
 *                              for bitcoind-compatible daemons without PSBT)
 * @param policy                withdrawal limits, allow-list defaults and approvals (see
 *                              {@link WithdrawalPolicyProperties})
 * @param hotWallet             the hot wallet's ceiling and floor, and cold-storage addresses
 */
public record AssetProperties(
        String code,
        String schema,
        @DefaultValue("8") int decimals,
        @DefaultValue("3") int confirmationsToCredit,
        @DefaultValue("15") int trackingLimit,
        @DefaultValue("main") List<String> addressNetworks,
        @DefaultValue NodeProperties node,
        @DefaultValue DepositProperties deposits,
        @DefaultValue("1000") BigInteger minWithdrawal,
        @DefaultValue("signed") BroadcastMode broadcastMode,
        @DefaultValue WithdrawalPolicyProperties policy,
        @DefaultValue HotWalletProperties hotWallet) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]{1,15}");

    @ConstructorBinding
    public AssetProperties {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(
                    "asset code '" + code + "' must match [A-Z][A-Z0-9]{1,15}");
        }
        if (schema == null || schema.isBlank()) {
            schema = code.toLowerCase(java.util.Locale.ROOT);
        }
        new SqlIdentifier(schema);
        if (confirmationsToCredit < 1) {
            throw new IllegalArgumentException(code + ": confirmations-to-credit must be at least 1");
        }
        if (trackingLimit < confirmationsToCredit) {
            throw new IllegalArgumentException(
                    code + ": tracking-limit must be at least confirmations-to-credit");
        }
        if (decimals < 0 || decimals > 30) {
            throw new IllegalArgumentException(code + ": decimals must be between 0 and 30");
        }
        addressNetworks = List.copyOf(addressNetworks);
        if (node == null) {
            node = NodeProperties.none();
        }
        deposits = resolve(code, node, deposits == null ? null : deposits.source());
        if (minWithdrawal == null) {
            minWithdrawal = BigInteger.valueOf(1000);
        }
        if (minWithdrawal.signum() < 1) {
            throw new IllegalArgumentException(code + ": min-withdrawal must be at least 1");
        }
        if (broadcastMode == null) {
            broadcastMode = BroadcastMode.SIGNED;
        }
        if (policy == null) {
            policy = WithdrawalPolicyProperties.none();
        }
        if (hotWallet == null) {
            hotWallet = HotWalletProperties.none();
        }
    }

    /** How withdrawals are handed to the node. */
    public enum BroadcastMode {
        /** Sign, record the signed transaction and its txid, then send it; unknown outcomes settle themselves. */
        SIGNED,
        /** {@code sendmany}: built, signed and sent in one call; an unknown outcome needs an operator. */
        SENDMANY
    }

    /** An asset with the default minimum withdrawal and broadcast mode. */
    public AssetProperties(String code, String schema, int decimals, int confirmationsToCredit, int trackingLimit,
                           List<String> addressNetworks, NodeProperties node, DepositProperties deposits) {
        this(code, schema, decimals, confirmationsToCredit, trackingLimit, addressNetworks, node, deposits, null, null);
    }

    /** An asset without withdrawal policies or hot-wallet bounds. */
    public AssetProperties(String code, String schema, int decimals, int confirmationsToCredit, int trackingLimit,
                           List<String> addressNetworks, NodeProperties node, DepositProperties deposits,
                           BigInteger minWithdrawal, BroadcastMode broadcastMode) {
        this(code, schema, decimals, confirmationsToCredit, trackingLimit, addressNetworks, node, deposits,
                minWithdrawal, broadcastMode, null, null);
    }

    /** An asset whose deposits come from its node whenever it has one. */
    public AssetProperties(String code, String schema, int decimals, int confirmationsToCredit, int trackingLimit,
                           List<String> addressNetworks, NodeProperties node) {
        this(code, schema, decimals, confirmationsToCredit, trackingLimit, addressNetworks, node, null);
    }

    public boolean hasNode() {
        return node.type() != NodeProperties.Type.NONE;
    }

    /** True when a {@code DepositObserved} is only a hint that the asset's node must confirm. */
    public boolean depositsFromNode() {
        return deposits.source() == DepositProperties.Source.NODE;
    }

    private static DepositProperties resolve(String code, NodeProperties node, DepositProperties.Source source) {
        boolean hasNode = node.type() != NodeProperties.Type.NONE;
        if (source == null) {
            return new DepositProperties(hasNode ? DepositProperties.Source.NODE : DepositProperties.Source.REPORTED);
        }
        if (source == DepositProperties.Source.REPORTED && hasNode) {
            // A reported deposit is credited as the message says: with a node to ask, that would
            // trust whoever can produce to the deposit-requests topic for no reason.
            throw new IllegalArgumentException(code + ": deposits.source reported is only allowed for an asset without"
                    + " a node; this asset has node.type " + node.type().name().toLowerCase(java.util.Locale.ROOT)
                    + ", so its deposits must come from the node (remove deposits.source or set it to node)");
        }
        if (source == DepositProperties.Source.NODE && !hasNode) {
            throw new IllegalArgumentException(code + ": deposits.source node needs a node (node.type simulated or bitcoind)");
        }
        return new DepositProperties(source);
    }

    public SqlIdentifier schemaName() {
        return new SqlIdentifier(schema);
    }
}
