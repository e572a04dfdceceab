package io.cryptoassets.worker.ledger;

import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.GetBalance;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts, addresses, deposit outputs, withdrawals (by transaction id, for cancels and
 * approvals) and holds (by account and hold id) a batch's requests of one asset refer to, and the
 * accounts that withdraw (whose policies apply; a capture to an address is a withdrawal).
 */
record BatchNeeds(Set<String> accountIds, Set<String> addresses, Set<Deposit.Output> outputs, Set<Long> withdrawals,
                  Set<String> withdrawers, Set<Hold.Key> holds) {

    static BatchNeeds of(List<? extends Request> requests) {
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        Set<Deposit.Output> outputs = new LinkedHashSet<>();
        Set<Long> withdrawals = new LinkedHashSet<>();
        Set<String> withdrawers = new LinkedHashSet<>();
        Set<Hold.Key> holds = new LinkedHashSet<>();
        for (Request request : requests) {
            // Java 17 has no pattern matching for switch; instanceof keeps this readable.
            if (request instanceof OpenAccount r) {
                accounts.add(r.accountId());
            } else if (request instanceof GetBalance r) {
                accounts.add(r.accountId());
            } else if (request instanceof CreateAddress r) {
                accounts.add(r.accountId());
                if (r.address() != null) {
                    addresses.add(r.address());
                }
            } else if (request instanceof Transfer r) {
                accounts.add(r.fromAccountId());
                r.moves().forEach(leg -> {
                    accounts.add(leg.fromAccountId());
                    accounts.add(leg.toAccountId());
                });
            } else if (request instanceof WithdrawalRequested r) {
                accounts.add(r.accountId());
                withdrawers.add(r.accountId());
                addresses.add(r.toAddress());
            } else if (request instanceof PlaceHold r) {
                accounts.add(r.accountId());
                holds.add(new Hold.Key(r.accountId(), r.holdId()));
            } else if (request instanceof ReleaseHold r) {
                accounts.add(r.accountId());
                holds.add(new Hold.Key(r.accountId(), r.holdId()));
            } else if (request instanceof CaptureHold r) {
                accounts.add(r.accountId());
                holds.add(new Hold.Key(r.accountId(), r.holdId()));
                if (r.toAccountId() != null) {
                    accounts.add(r.toAccountId());
                } else {
                    withdrawers.add(r.accountId());
                    addresses.add(r.toAddress());
                }
            } else if (request instanceof DepositObserved r) {
                addresses.add(r.address());
                outputs.add(new Deposit.Output(r.txid(), r.vout()));
            } else {
                NamedWithdrawal.of(request).ifPresent(named -> {
                    accounts.add(named.accountId());
                    if (named.transactionId() != null) {
                        withdrawals.add(named.transactionId());
                    }
                });
            }
        }
        return new BatchNeeds(accounts, addresses, outputs, withdrawals, withdrawers, holds);
    }
}
