package io.cryptoassets.worker.chaos;

import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.worker.chain.simulated.SimulatedSend;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What every balance must be, computed by the client alone from the requests it sent, the results
 * it read and the chain, Jepsen bank-style: an accepted transfer moves its amount; an accepted
 * withdrawal debits it, and credits the owner when it paid one of our addresses; a payment made
 * on the chain to one of our node addresses is credited once, whether it was reported or found
 * by a scan, and a report of a deposit credits nothing of its own (the node is the source); the
 * network-fee account pays every send's fee.
 */
final class BankModel {

    static final String NETWORK_FEE_ACCOUNT = "$network-fee";

    private final Map<String, BigInteger> balances = new TreeMap<>();
    private final Map<String, WithdrawalRequested> externalWithdrawals = new HashMap<>();
    private int accepted;
    private final Map<String, Integer> rejected = new TreeMap<>();

    BankModel(Map<UUID, Request> sent, Map<UUID, RequestResult> results, Map<String, String> owners,
              List<Workload.ChainPayment> chainPayments, List<SimulatedSend> sends) {
        for (Map.Entry<UUID, Request> entry : sent.entrySet()) {
            RequestResult result = results.get(entry.getKey());
            if (result == null) {
                continue; // reported as unanswered by the test
            }
            if (result.status() != RequestStatus.ACCEPTED) {
                rejected.merge(result.reason().name(), 1, Integer::sum);
                continue;
            }
            accepted++;
            Request request = entry.getValue();
            if (request instanceof OpenAccount open) {
                balances.putIfAbsent(open.accountId(), BigInteger.ZERO);
            } else if (request instanceof Transfer transfer) {
                add(transfer.fromAccountId(), transfer.amount().negate());
                add(transfer.toAccountId(), transfer.amount());
            } else if (request instanceof WithdrawalRequested withdrawal) {
                add(withdrawal.accountId(), withdrawal.amount().negate());
                String owner = owners.get(withdrawal.toAddress());
                if (owner != null) {
                    add(owner, withdrawal.amount()); // settled inside the ledger
                } else {
                    externalWithdrawals.put(withdrawal.toAddress(), withdrawal);
                }
            }
        }
        chainPayments.forEach(payment -> add(payment.accountId(), payment.amount()));
        sends.forEach(send -> add(NETWORK_FEE_ACCOUNT, send.fee().negate()));
    }

    Map<String, BigInteger> balances() {
        return balances;
    }

    /** Accepted withdrawals that must each reach the chain exactly once, by destination address. */
    Map<String, WithdrawalRequested> externalWithdrawals() {
        return externalWithdrawals;
    }

    int accepted() {
        return accepted;
    }

    /** Rejections by reason, for the run's report. */
    Map<String, Integer> rejected() {
        return rejected;
    }

    private void add(String account, BigInteger amount) {
        balances.merge(account, amount, BigInteger::add);
    }
}
