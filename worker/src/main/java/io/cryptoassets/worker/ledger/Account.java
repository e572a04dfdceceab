package io.cryptoassets.worker.ledger;

import java.math.BigInteger;

/** An account as one batch sees it: loaded once, changed in memory, written back once. */
final class Account {

    final String accountId;
    final String name;
    final boolean networkFee;
    final boolean created;
    BigInteger balance;
    /** What the account's open holds reserve: never more than the balance, zero for the network-fee account. */
    BigInteger held = BigInteger.ZERO;
    long eventSequence;
    /** Hash of the account's last ledger entry; null before its first hashed entry. */
    byte[] chainHead;
    boolean changed;

    Account(String accountId, String name, boolean networkFee, boolean created, BigInteger balance, long eventSequence) {
        this.accountId = accountId;
        this.name = name;
        this.networkFee = networkFee;
        this.created = created;
        this.balance = balance;
        this.eventSequence = eventSequence;
    }

    static Account opened(String accountId, String name) {
        Account account = new Account(accountId, name, false, true, BigInteger.ZERO, 0);
        account.changed = true;
        return account;
    }

    /** Applies a signed amount and returns the balance after it. */
    BigInteger apply(BigInteger signedAmount) {
        balance = balance.add(signedAmount);
        changed = true;
        return balance;
    }

    /**
     * What the account may spend now: what withdrawals, transfers and new holds are checked
     * against. The balance less what its open holds reserve.
     */
    BigInteger available() {
        return balance.subtract(held);
    }

    /** Reserves (a positive amount) or gives back (a negative one) part of the balance for a hold. */
    void hold(BigInteger signedAmount) {
        held = held.add(signedAmount);
        changed = true;
    }

    /** The balance, available balance and event sequence as they stand. */
    AccountBalance standing() {
        return new AccountBalance(balance, eventSequence, available());
    }

    /** Takes the next number of this account's event sequence. */
    long nextEvent() {
        changed = true;
        return ++eventSequence;
    }
}
