package io.cryptoassets.worker.asset;

/**
 * Where an asset's deposits are believed from ({@code cryptoassets.assets[i].deposits.*}).
 *
 * @param source {@code node}: a {@code DepositObserved} is only a hint, looked up on the asset's
 *               node, and what the node reports is recorded (the default for an asset with a
 *               node); {@code reported}: a {@code DepositObserved} is recorded as it says, which
 *               trusts whoever can produce to the deposit-requests topic (the default, and the
 *               only choice, for an asset without a node). Null until the asset resolves it.
 */
public record DepositProperties(Source source) {

    public enum Source { NODE, REPORTED }
}
