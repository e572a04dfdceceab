package io.cryptoassets.worker.audit;

import java.math.BigInteger;

/**
 * One asset's reserves: what the ledger owes against what the node's wallet holds, in the
 * asset's smallest unit.
 *
 * @param customerBalances  the sum of every account's balance but the network-fee account's
 * @param unsentWithdrawals withdrawals debited from their accounts and not sent yet: the wallet
 *                          still holds them, and owes them to the chain
 * @param hotWallet         what the node's wallet can spend ({@code getbalances} trusted)
 */
public record AssetReserves(String asset, BigInteger customerBalances, BigInteger unsentWithdrawals,
                            BigInteger hotWallet) {

    public BigInteger liabilities() {
        return customerBalances.add(unsentWithdrawals);
    }

    /** What is held beyond what is owed; negative is a shortfall. */
    public BigInteger surplus() {
        return hotWallet.subtract(liabilities());
    }

    public boolean shortfall() {
        return surplus().signum() < 0;
    }
}
