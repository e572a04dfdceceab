package io.cryptoassets.worker.chain;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.bitcoind.BitcoindNode;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.chain.simulated.SimulatedNodeProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bitcoinj.base.BitcoinNetwork;

/**
 * The node of every configured asset that has one, built from {@code cryptoassets.assets[i].node}.
 * Assets with node type {@code none} have no entry: their deposits arrive as requests and their
 * withdrawals wait, pending, until a node is configured.
 */
public final class Nodes implements AutoCloseable {

    /** Chains shared by every context of this JVM that asks for it, by asset code. */
    private static final Map<String, SimulatedChain> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, NodePort> byAsset = new LinkedHashMap<>();

    public Nodes(LedgerProperties ledger) {
        for (AssetProperties asset : ledger.assets()) {
            NodeProperties node = asset.node();
            if (node.type() == NodeProperties.Type.SIMULATED) {
                byAsset.put(asset.code(), simulated(asset, node.simulated()));
            } else if (node.type() == NodeProperties.Type.BITCOIND) {
                byAsset.put(asset.code(), new BitcoindNode(node.bitcoind(), asset.decimals()));
            }
        }
    }

    public Optional<NodePort> forAsset(String code) {
        return Optional.ofNullable(byAsset.get(code));
    }

    /** The simulated chain of {@code code}, for the demo and tests. */
    public Optional<SimulatedChain> simulated(String code) {
        NodePort node = byAsset.get(code);
        return node instanceof SimulatedChain chain ? Optional.of(chain) : Optional.empty();
    }

    public boolean any() {
        return !byAsset.isEmpty();
    }

    @Override
    public void close() {
        byAsset.values().forEach(node -> {
            if (node instanceof AutoCloseable closeable && !SHARED.containsValue(node)) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the node of an asset failed", e);
                }
            }
        });
    }

    private static SimulatedChain simulated(AssetProperties asset, SimulatedNodeProperties settings) {
        if (settings.sharedInJvm()) {
            return SHARED.computeIfAbsent(asset.code(), code -> started(asset, settings));
        }
        return started(asset, settings);
    }

    private static SimulatedChain started(AssetProperties asset, SimulatedNodeProperties settings) {
        SimulatedChain chain = new SimulatedChain(networkOf(asset), settings.walletBalance(), settings.feePerSend());
        if (!settings.blockInterval().isZero()) {
            chain.startMining(settings.blockInterval());
        }
        return chain;
    }

    /** The simulated wallet hands out addresses the asset accepts: those of its first network. */
    private static BitcoinNetwork networkOf(AssetProperties asset) {
        String first = asset.addressNetworks().get(0);
        return switch (first) {
            case "main" -> BitcoinNetwork.MAINNET;
            case "test" -> BitcoinNetwork.TESTNET;
            case "signet" -> BitcoinNetwork.SIGNET;
            default -> BitcoinNetwork.REGTEST;
        };
    }
}
