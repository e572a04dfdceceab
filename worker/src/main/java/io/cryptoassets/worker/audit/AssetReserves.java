package io.cryptoassets.worker.audit;

import java.math.BigInteger;

/**
 * One asset's reserves: what the ledger owes against what the node's wallet and cold storage
 * hold, in the asset's smallest unit.
 *
 * @param customerBalances  the sum of every account's balance but the network-fee account's
 * @param unsentWithdrawals withdrawals debited from their accounts and not sent yet (pending, or
 *                          awaiting approval): the wallet still holds them, and owes them to the chain
 * @param hotWallet         what the node's wallet can spend ({@code getbalances} trusted)
 * @param coldWallet        what the worker sent to cold storage and was not recorded as topped
 *                          back up ({@link io.cryptoassets.worker.coldwallet.ColdWallet#holdings})
 */
public record AssetReserves(String asset, BigInteger customerBalances, BigInteger unsentWithdrawals,
                            BigInteger hotWallet, BigInteger coldWallet) {

    public BigInteger liabilities() {
        return customerBalances.add(unsentWithdrawals);
    }

    /** Hot and cold together. */
    public BigInteger holdings() {
        return hotWallet.add(coldWallet);
    }

    /** What is held beyond what is owed; negative is a shortfall. */
    public BigInteger surplus() {
        return holdings().subtract(liabilities());
    }

    public boolean shortfall() {
        return surplus().signum() < 0;
    }
}
