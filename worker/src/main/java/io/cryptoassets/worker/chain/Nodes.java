package io.cryptoassets.worker.chain;

import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.chain.bitcoind.BitcoindNode;
import io.cryptoassets.worker.chain.simulated.SimulatedChain;
import io.cryptoassets.worker.chain.simulated.SimulatedNodeProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
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
    /** Simulated chains private to this context: another process (an admin command) gets a new, empty one. */
    private final Set<String> privateChains = new HashSet<>();

    public Nodes(LedgerProperties ledger) {
        for (AssetProperties asset : ledger.assets()) {
            NodeProperties node = asset.node();
            if (node.type() == NodeProperties.Type.SIMULATED) {
                byAsset.put(asset.code(), simulated(asset, node.simulated()));
                if (!node.simulated().sharedInJvm()) {
                    privateChains.add(asset.code());
                }
            } else if (node.type() == NodeProperties.Type.BITCOIND) {
                byAsset.put(asset.code(), new BitcoindNode(node.bitcoind(), asset.decimals()));
            }
        }
    }

    public Optional<NodePort> forAsset(String code) {
        return Optional.ofNullable(byAsset.get(code));
    }

    /**
     * The node of {@code code} if it is the same node the workers talk to: empty for an asset
     * without a node, and for a simulated chain that lives only inside the worker process that
     * made it (the one here would be new and empty). What audits and reserves compare with.
     */
    public Optional<NodePort> sameAsTheWorkers(String code) {
        return privateChains.contains(code) ? Optional.empty() : forAsset(code);
    }

    /** Whether {@code code} has a simulated chain that only its own worker process can see. */
    public boolean privateChain(String code) {
        return privateChains.contains(code);
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
