package io.cryptoassets.worker.broadcast;

import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.worker.asset.AssetProperties;
import io.cryptoassets.worker.ledger.EventSequences;
import io.cryptoassets.worker.ledger.LedgerEvents;
import io.cryptoassets.worker.ledger.PendingEvent.PendingTxUpdate;
import io.cryptoassets.worker.ledger.TransactionRef;
import io.cryptoassets.worker.outbox.OutboxMessage;
import io.cryptoassets.worker.outbox.OutboxWriter;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes a broadcasted {@code TxUpdate} for each withdrawal of a broadcast, in the caller's
 * transaction. A sweep's output has none: it is no customer's transaction, and its account (the
 * network-fee account) has no client to tell.
 */
@Component
class BroadcastEvents {

    private final JdbcClient jdbc;
    private final OutboxWriter outbox;
    private final Clock clock;

    BroadcastEvents(JdbcClient jdbc, OutboxWriter outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    void broadcasted(AssetProperties asset, List<BroadcastMember> all, String txid, BigInteger fee,
                     int confirmations) {
        List<BroadcastMember> members = all.stream().filter(m -> !m.sweep()).toList();
        if (members.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        members.forEach(m -> counts.merge(m.accountId(), 1, Integer::sum));
        Map<String, EventSequences.Taken> taken = EventSequences.take(jdbc, asset, counts);
        Map<String, Long> next = new LinkedHashMap<>();
        taken.forEach((account, t) -> next.put(account, t.first()));
        List<OutboxMessage> messages = new ArrayList<>(members.size());
        for (BroadcastMember m : members) {
            long sequence = next.merge(m.accountId(), 1L, Long::sum) - 1;
            PendingTxUpdate update = new PendingTxUpdate(TransactionRef.existing(m.transactionId()), TransactionType.BROADCAST,
                    Direction.OUT, TxState.BROADCASTED, m.accountId(), m.address(), txid, m.amount(), fee,
                    confirmations, true, sequence, taken.get(m.accountId()).balance())
                    .withAvailable(taken.get(m.accountId()).available());
            messages.add(LedgerEvents.message(asset.code(), update, clock.instant()));
        }
        outbox.append(messages);
    }
}
