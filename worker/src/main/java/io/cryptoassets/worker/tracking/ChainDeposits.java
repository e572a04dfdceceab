package io.cryptoassets.worker.tracking;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.chain.ReceivedOutput;
import io.cryptoassets.worker.ledger.AssetLedger;
import io.cryptoassets.worker.ledger.Decision;
import io.cryptoassets.worker.ledger.LedgerEvents;
import io.cryptoassets.worker.ledger.Ledgers;
import io.cryptoassets.worker.ledger.PendingEvent.PendingAlert;
import io.cryptoassets.worker.outbox.OutboxWriter;
import io.cryptoassets.worker.tx.SerializableTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Feeds outputs the node reported (confirmation polls, rescans) through the same ledger rule as
 * a {@code DepositObserved} request, in one serializable transaction: the same (txid, vout) is
 * credited exactly once whichever path saw it first and however often. Outputs to addresses
 * that no account owns are skipped and counted.
 */
@Component
public class ChainDeposits {

    /** Marks the credited outputs of a vanished txid alerted, once: a second poller finds none left. */
    private static final String VANISHED = """
            UPDATE %s.transaction
            SET reorg_alerted_at = now()
            WHERE type = 'deposit' AND txid = :txid AND credited AND reorg_alerted_at IS NULL
            RETURNING id, vout, account_id, amount, confirmations
            """;

    private final Ledgers ledgers;
    private final SerializableTransactions transactions;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final MeterRegistry meters;
    private final JdbcClient jdbc;

    ChainDeposits(Ledgers ledgers, SerializableTransactions transactions, OutboxWriter outbox,
                  Clock clock, MeterRegistry meters, JdbcClient jdbc) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.ledgers = ledgers;
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What one application of outputs did. */
    public record Applied(int ours, int notOurs) {
    }

    public Applied apply(AssetProperties asset, List<ReceivedOutput> outputs) {
        if (outputs.isEmpty()) {
            return new Applied(0, 0);
        }
        List<DepositObserved> observations = outputs.stream().map(o -> observation(asset, o)).toList();
        Applied applied = transactions.inTransaction("chain deposits", s -> {
            // Addresses come from the node itself, so they need no validation here.
            AssetLedger ledger = ledgers.load(asset, observations, address -> Optional.empty());
            int notOurs = 0;
            for (DepositObserved observation : observations) {
                if (ledger.observeDeposit(observation) instanceof Decision.Rejected r
                        && r.reason() == ReasonCode.UNKNOWN_ADDRESS) {
                    notOurs++;
                }
            }
            ledgers.save(asset, ledger);
            outbox.append(ledger.changes().events().stream()
                    .map(e -> LedgerEvents.message(asset.code(), e, clock.instant())).toList());
            return new Applied(observations.size() - notOurs, notOurs);
        });
        // cryptoassets.deposits.skipped: outputs the node reported to addresses no account owns.
        meters.counter("cryptoassets.deposits.skipped", "asset", asset.code()).increment(applied.notOurs());
        return applied;
    }

    /** Why a credited deposit is no longer on the node's chain. */
    public enum Vanished { UNKNOWN, CONFLICTED }

    /**
     * Raises CREDITED_DEPOSIT_REORGED for each credited output of {@code txid} not alerted yet,
     * and debits nothing: whether the money is lost is for a person to decide. Returns how many.
     */
    public int vanished(AssetProperties asset, String txid, Vanished why) {
        String reason = why.name().toLowerCase(java.util.Locale.ROOT);
        return transactions.inTransaction("vanished deposit", s -> {
            List<PendingAlert> alerts = jdbc.sql(VANISHED.formatted(asset.schemaName().value()))
                    .param("txid", txid)
                    .query((rs, row) -> new PendingAlert(AlertKind.CREDITED_DEPOSIT_REORGED,
                            "the " + asset.code() + " node " + (why == Vanished.UNKNOWN ? "no longer knows"
                                    : "reports conflicted") + " credited deposit " + txid + ":" + rs.getInt("vout"),
                            Map.of("txid", txid, "vout", Integer.toString(rs.getInt("vout")),
                                    "transactionId", Long.toString(rs.getLong("id")),
                                    "accountId", rs.getString("account_id"),
                                    "amount", rs.getBigDecimal("amount").toBigIntegerExact().toString(),
                                    "confirmations", Integer.toString(rs.getInt("confirmations")),
                                    "reason", reason)))
                    .list();
            outbox.append(alerts.stream().map(a -> LedgerEvents.message(asset.code(), a, clock.instant())).toList());
            return alerts.size();
        });
    }

    private static DepositObserved observation(AssetProperties asset, ReceivedOutput output) {
        // Never stored in the inbox: the ledger keys deposits on (txid, vout), not on request ids.
        return new DepositObserved(UUID.randomUUID(), asset.code(), output.txid(), output.vout(), output.address(),
                output.amount(), output.confirmations(), null);
    }
}
