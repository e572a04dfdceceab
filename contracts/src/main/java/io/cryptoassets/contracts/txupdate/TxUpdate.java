package io.cryptoassets.contracts.txupdate;

import io.cryptoassets.contracts.Event;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A transaction of one account changed state or confirmations, on
 * {@link io.cryptoassets.contracts.Topics#TXUPDATES}, keyed by {@code accountId}.
 * Schema: {@code schemas/tx-update.schema.json}.
 *
 * @param schemaVersion   always {@link #SCHEMA_VERSION} for this release
 * @param eventId         unique per update; de-duplicate on it
 * @param asset           asset code
 * @param transactionId   the ledger transaction, stable across its updates
 * @param transactionType deposit, broadcast or internal
 * @param direction       in (credits the account) or out (debits it)
 * @param state           see {@link TxState}
 * @param accountId       the account this update is for; also the record key
 * @param address         the deposit's receiving address or the withdrawal's destination; {@code null}
 *                        for transfers between accounts
 * @param txid            the network transaction id once known; {@code null} for internal ones
 * @param amount          positive, in the smallest unit
 * @param fee             the network fee of the broadcast carrying a withdrawal, once known; it is
 *                        charged to the asset's network-fee account, not to this one; otherwise {@code null}
 * @param confirmations   confirmations of the network transaction; 0 when unconfirmed or internal
 * @param credited        whether the amount has been applied to the account's balance: a deposit
 *                        once credited; withdrawals and transfers from the moment they are accepted;
 *                        false again for a withdrawal that ended failed or cancelled (refunded)
 * @param sequence        per account, strictly increasing from 1: a gap or a step back means an
 *                        update was missed or is a redelivery
 * @param occurredAt      when the worker recorded the change, in UTC
 * @param detail          why a withdrawal ended {@code failed} or {@code cancelled} (the node's
 *                        refusal, or who cancelled it), why it awaits approval, who approved it; for a
 *                        hold, what its capture paid and released, or when it expired; {@code null}
 *                        otherwise
 * @param balance         the account's balance as of this update, in the smallest unit: what it was
 *                        once this update's change (if any) was applied; the balance of the update
 *                        with the highest {@code sequence} is the account's balance. Negative only
 *                        for the asset's network-fee account. Written on every update; {@code null}
 *                        only in updates written by an earlier release
 * @param available       the account's available balance as of this update: {@code balance} less what
 *                        its open holds reserve, equal to {@code balance} while it has none; {@code null}
 *                        only in updates written by an earlier release
 * @param holdId          the client's hold this update concerns: the hold itself (type {@code hold}), or
 *                        the transfer or withdrawal that captured it; otherwise {@code null}
 * @param reference       the client's reference of the transfer this update belongs to, if it gave one
 * @param metadata        the client's metadata of that transfer, if it gave any; otherwise {@code null}
 */
public record TxUpdate(
        int schemaVersion,
        UUID eventId,
        String asset,
        long transactionId,
        TransactionType transactionType,
        Direction direction,
        TxState state,
        String accountId,
        String address,
        String txid,
        BigInteger amount,
        BigInteger fee,
        int confirmations,
        boolean credited,
        long sequence,
        Instant occurredAt,
        String detail,
        BigInteger balance,
        BigInteger available,
        String holdId,
        String reference,
        Map<String, String> metadata) implements Event {

    /** Absent or empty metadata reads as none; what there is keeps its order and cannot change. */
    public TxUpdate {
        metadata = metadata == null || metadata.isEmpty()
                ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** An update of the current schema version. */
    public TxUpdate(UUID eventId, String asset, long transactionId, TransactionType transactionType,
                    Direction direction, TxState state, String accountId, String address, String txid,
                    BigInteger amount, BigInteger fee, int confirmations, boolean credited, long sequence,
                    Instant occurredAt) {
        this(SCHEMA_VERSION, eventId, asset, transactionId, transactionType, direction, state, accountId,
                address, txid, amount, fee, confirmations, credited, sequence, occurredAt, null, null, null, null, null, null);
    }

    /** An update of the current schema version that ends a withdrawal, with why. */
    public TxUpdate(UUID eventId, String asset, long transactionId, TransactionType transactionType,
                    Direction direction, TxState state, String accountId, String address, String txid,
                    BigInteger amount, BigInteger fee, int confirmations, boolean credited, long sequence,
                    Instant occurredAt, String detail) {
        this(SCHEMA_VERSION, eventId, asset, transactionId, transactionType, direction, state, accountId,
                address, txid, amount, fee, confirmations, credited, sequence, occurredAt, detail, null, null, null, null, null);
    }

    /** An update of the current schema version with the account's balance as of it. */
    public TxUpdate(UUID eventId, String asset, long transactionId, TransactionType transactionType,
                    Direction direction, TxState state, String accountId, String address, String txid,
                    BigInteger amount, BigInteger fee, int confirmations, boolean credited, long sequence,
                    Instant occurredAt, String detail, BigInteger balance) {
        this(SCHEMA_VERSION, eventId, asset, transactionId, transactionType, direction, state, accountId,
                address, txid, amount, fee, confirmations, credited, sequence, occurredAt, detail, balance, null, null, null, null);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
