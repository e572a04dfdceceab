package io.cryptoassets.worker.policy;

import io.cryptoassets.worker.asset.WithdrawalPolicyProperties;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An asset's withdrawal policy, or one account's as its withdrawals meet it, for an operator:
 * each limit's effective value and where it comes from, and what the window holds now.
 *
 * @param accountId    the account, or null for the asset's configured defaults alone
 * @param own          the account's own values; {@link AccountPolicy#NONE} when it has none
 * @param accountUsage what the account sent within the window; null without an account
 * @param assetUsage   what all accounts sent within the window
 * @param changes      the account's latest policy changes, newest first
 */
public record PolicyReport(String accountId, WithdrawalPolicyProperties asset, AccountPolicy own,
                           WindowUsage accountUsage, WindowUsage assetUsage, List<Change> changes) {

    /** One limit: its name as configured, its value ({@code none} for no limit) and its source. */
    public record Line(String name, String value, String source) {
    }

    /** One recorded change, its before and after as JSON; before is null for an account's first policy. */
    public record Change(Instant changedAt, String changedBy, String before, String after) {
    }

    public List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        lines.add(line("max-per-withdrawal", own.maxPerWithdrawal(), asset.maxPerWithdrawal()));
        lines.add(line("account-window-amount", own.windowAmount(), asset.accountWindowAmount()));
        lines.add(line("account-window-count", own.windowCount(), asset.accountWindowCount()));
        lines.add(line("asset-window-amount", null, asset.assetWindowAmount()));
        lines.add(line("asset-window-count", null, asset.assetWindowCount()));
        lines.add(line("approval-threshold", own.approvalThreshold(), asset.approvalThreshold()));
        lines.add(own.allowedDestinations() == null ? new Line("allowed-destinations", "any", "-")
                : new Line("allowed-destinations", String.join(" ", own.allowedDestinations()), "account"));
        return lines;
    }

    private static Line line(String name, Object own, Object asset) {
        if (own != null) {
            return new Line(name, text(own), "account");
        }
        return asset == null ? new Line(name, "none", "-") : new Line(name, text(asset), "asset");
    }

    private static String text(Object value) {
        return value instanceof BigInteger amount ? amount.toString() : String.valueOf(value);
    }
}
