package io.cryptoassets.worker.broadcast;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.tx.SerializableTransactions;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code HOT_WALLET_LOW} once per episode: the asset's {@code hot_wallet_state} row goes from
 * "not low" to "low since now" in the statement that decides the alert, committed with it, and
 * back when the wallet is at or above {@code hot-wallet.min} again; so with any number of workers
 * each episode is announced once. Withdrawals the wallet cannot pay keep waiting meanwhile
 * ({@code HOT_WALLET_INSUFFICIENT}); this alert is the earlier warning.
 */
@Component
class HotWalletLow {

    private static final Logger log = LoggerFactory.getLogger(HotWalletLow.class);

    private static final String MARK_LOW = """
            UPDATE %s.hot_wallet_state
            SET low_since = now(), balance = :balance
            WHERE low_since IS NULL
            """;

    private static final String MARK_RECOVERED = """
            UPDATE %s.hot_wallet_state
            SET low_since = NULL, balance = NULL
            WHERE low_since IS NOT NULL
            """;

    private final JdbcClient jdbc;
    private final SerializableTransactions transactions;
    private final BroadcastAlerts alerts;

    HotWalletLow(JdbcClient jdbc, SerializableTransactions transactions, BroadcastAlerts alerts) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.alerts = alerts;
    }

    void check(AssetProperties asset, HotWallet.Reading reading) {
        BigInteger min = asset.hotWallet().min();
        if (min == null) {
            return;
        }
        String schema = asset.schemaName().value();
        BigInteger hot = reading.hot();
        if (hot.compareTo(min) >= 0) {
            if (transactions.inTransaction("hot wallet recovered",
                    s -> jdbc.sql(MARK_RECOVERED.formatted(schema)).update() == 1)) {
                log.info("{}: hot wallet holds {} net of withdrawals waiting, at or above its min {} again",
                        asset.code(), hot, min);
            }
            return;
        }
        boolean raised = transactions.inTransaction("hot wallet low", s -> {
            if (jdbc.sql(MARK_LOW.formatted(schema)).param("balance", new BigDecimal(hot)).update() == 0) {
                return false;
            }
            alerts.raise(asset, AlertKind.HOT_WALLET_LOW,
                    "the " + asset.code() + " hot wallet holds " + hot + " net of withdrawals waiting, below its min "
                            + min + "; top it up from cold storage",
                    "balance", hot.toString(), "min", min.toString());
            return true;
        });
        if (raised) {
            log.warn("{}: hot wallet holds {} net of {} waiting, below its min {}; raised HOT_WALLET_LOW", asset.code(),
                    hot, reading.waiting(), min);
        }
    }
}
