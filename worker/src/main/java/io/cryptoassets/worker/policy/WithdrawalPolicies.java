package io.cryptoassets.worker.policy;

import java.math.BigInteger;

/**
 * The withdrawal policies of one asset as a batch sees them: the asset's configured limits, the
 * policies of the batch's accounts and what they (and the asset) already sent in the rolling
 * window, all read inside the batch's serializable transaction. Because the debit happens in that
 * same transaction, withdrawals racing on other partitions or workers cannot exceed a limit
 * together: one of them is retried and then sees the other.
 */
public interface WithdrawalPolicies {

    /**
     * Checks one withdrawal, in this order: destination allow-list, maximum per withdrawal, then
     * (only for one that leaves the wallet) the account's and the asset's rolling windows, and the
     * approval threshold.
     *
     * @param leavesWallet false for a withdrawal settled inside the ledger (to another account's
     *                     address): it moves no coins, so only the allow-list and the maximum apply
     */
    Verdict check(String accountId, String toAddress, BigInteger amount, boolean leavesWallet);

    /**
     * A withdrawal that leaves the wallet was accepted: later checks in the same batch count it
     * in the account's and the asset's windows.
     */
    void counted(String accountId, BigInteger amount);

    /** No policy at all: every withdrawal is allowed. */
    static WithdrawalPolicies none() {
        return new WithdrawalPolicies() {
            @Override
            public Verdict check(String accountId, String toAddress, BigInteger amount, boolean leavesWallet) {
                return Verdict.ALLOWED;
            }

            @Override
            public void counted(String accountId, BigInteger amount) {
            }
        };
    }
}
