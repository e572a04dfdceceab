package io.cryptoassets.worker.demo;

import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import io.cryptoassets.worker.asset.LedgerProperties;
import io.cryptoassets.worker.audit.AuditReport;
import io.cryptoassets.worker.audit.LedgerAudit;
import io.cryptoassets.worker.broadcast.BroadcastAdministration;
import io.cryptoassets.worker.broadcast.BroadcastView;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo's closing report. Balances are shown twice: as the client knows them from the
 * txupdates it consumed (the balance of each account's latest one, no history replayed), and as
 * the ledger holds them; they must agree.
 */
final class DemoSummary {

    private DemoSummary() {
    }

    static boolean print(PrintWriter out, DemoClient client, DemoScript script, ApplicationContext context) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        Map<String, TxUpdate> seen = latestUpdates(client.txUpdates());
        out.println();
        out.printf("%-10s %16s %16s %16s %16s%n", "account", "last txupdate", "in the ledger", "available (event)",
                "available (ledger)");
        boolean agree = true;
        for (String account : script.accounts()) {
            Map<String, Object> row = jdbc.sql("SELECT balance, balance - held AS available FROM btc.account"
                    + " WHERE account_id = :id").param("id", account).query().singleRow();
            BigInteger ledger = ((BigDecimal) row.get("balance")).toBigIntegerExact();
            BigInteger ledgerAvailable = ((BigDecimal) row.get("available")).toBigIntegerExact();
            TxUpdate last = seen.get(account);
            BigInteger fromEvents = last == null ? BigInteger.ZERO : last.balance();
            BigInteger availableFromEvents = last == null ? BigInteger.ZERO : last.available();
            boolean same = ledger.equals(fromEvents) && ledgerAvailable.equals(availableFromEvents);
            agree &= same;
            out.printf("%-10s %16s %16s %16s %16s%s%n", account, btc(fromEvents), btc(ledger), btc(availableFromEvents),
                    btc(ledgerAvailable), same ? "" : "  MISMATCH");
        }
        BigInteger fees = jdbc.sql("SELECT balance FROM btc.account WHERE is_network_fee").query(BigDecimal.class)
                .single().toBigIntegerExact();
        out.printf("%-10s %16s %16s%n", "fees", "", btc(fees));

        List<BroadcastView> broadcasts = context.getBean(BroadcastAdministration.class)
                .list(context.getBean(LedgerProperties.class).asset(DemoScript.ASSET).orElseThrow(), false, 20);
        out.println();
        out.printf("broadcasts: %d%n", broadcasts.size());
        for (BroadcastView b : broadcasts) {
            out.printf("  #%d %-8s %-11s %2d outputs, fee %s, %d confirmations, txid %s%n", b.id(), b.state(), b.kind(), b.withdrawals(),
                    b.fee() == null ? "-" : b.fee(), b.confirmations(), b.txid() == null ? "-" : b.txid().substring(0, 16) + "...");
        }
        client.alerts().stream().filter(a -> a.kind() == AlertKind.COLD_SWEEP).forEach(a -> out.printf(
                "  COLD_SWEEP: broadcast #%s sent %s to cold address %s, txid %s%n", a.details().get("broadcastId"),
                btc(new BigInteger(a.details().get("amount"))), a.details().get("address"), a.details().get("txid")));
        long accepted = client.txUpdates().isEmpty() ? 0 : script.withdrawals.stream().filter(client::accepted).count();
        out.println();
        out.printf("events seen: %d results, %d txupdates, %d alerts; withdrawals accepted %d of %d%n",
                client.resultCount(), client.txUpdates().size(), client.alerts().size(), accepted, script.withdrawals.size());
        script.withdrawals.stream().map(client::result)
                .filter(r -> r.status() == RequestStatus.REJECTED)
                .forEach(r -> out.printf("  rejected withdrawal of %s: %s (%s)%n", r.accountId(), r.reason(), r.detail()));

        out.println("the withdrawal held for approval, as its account heard of it:");
        for (TxUpdate u : script.heldUpdates()) {
            out.printf("  #%d %-17s %s%n", u.sequence(), u.state().name().toLowerCase(java.util.Locale.ROOT),
                    u.detail() != null ? u.detail() : u.txid() == null ? "" : "txid " + u.txid().substring(0, 16)
                            + "..., " + u.confirmations() + " confirmations");
        }

        out.println("the order's hold, its capture, and the trade settled in legs, as the accounts heard of them:");
        for (TxUpdate u : script.holdAndSettlementUpdates()) {
            out.printf("  %-8s #%-3d %-8s %-3s %-9s %14s  balance %s, available %s%s%s%n", u.accountId(), u.sequence(),
                    u.transactionType().name().toLowerCase(java.util.Locale.ROOT),
                    u.direction().name().toLowerCase(java.util.Locale.ROOT),
                    u.state().name().toLowerCase(java.util.Locale.ROOT), btc(u.amount()), btc(u.balance()),
                    btc(u.available()),
                    u.holdId() != null ? "  hold " + u.holdId() + (u.detail() != null ? ": " + u.detail() : "") : "",
                    u.reference() != null ? "  " + u.reference() + " " + u.metadata() : "");
        }

        AuditReport audit = context.getBean(LedgerAudit.class).run();
        out.printf("audit: %s (%d checks, %d violations); balances from events %s the ledger%n",
                audit.passed() ? "passed" : "FAILED", audit.results().size(), audit.violations(),
                agree ? "match" : "DO NOT match");
        out.flush();
        return agree && audit.passed();
    }

    /**
     * What a client knows from txupdates alone: each account's balance and available balance are
     * the ones its update with the highest sequence carries, whatever order the updates came in.
     */
    static Map<String, TxUpdate> latestUpdates(List<TxUpdate> updates) {
        Map<String, TxUpdate> latest = new LinkedHashMap<>();
        for (TxUpdate u : updates) {
            latest.merge(u.accountId(), u, (a, b) -> b.sequence() > a.sequence() ? b : a);
        }
        return latest;
    }

    private static String btc(BigInteger satoshi) {
        return new BigDecimal(satoshi, 8).toPlainString() + " BTC";
    }
}
