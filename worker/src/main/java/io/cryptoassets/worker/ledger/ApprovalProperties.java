package io.cryptoassets.worker.ledger;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Withdrawals held for approval ({@code cryptoassets.approvals.*}); how many approvers and for how
 * long is each asset's {@code policy.*}.
 *
 * @param expiryInterval how often every worker fails and refunds the held withdrawals whose deadline
 *                       passed (default 30s; zero: never, as in admin commands). A withdrawal past
 *                       its deadline can no longer be approved whether or not it expired yet
 */
@ConfigurationProperties("cryptoassets.approvals")
public record ApprovalProperties(@DefaultValue("30s") Duration expiryInterval) {

    public ApprovalProperties {
        if (expiryInterval == null) {
            expiryInterval = Duration.ofSeconds(30);
        }
        if (expiryInterval.isNegative()) {
            throw new IllegalArgumentException("cryptoassets.approvals.expiry-interval must not be negative");
        }
    }
}
