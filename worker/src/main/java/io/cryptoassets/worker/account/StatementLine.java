package io.cryptoassets.worker.account;

import java.math.BigInteger;
import java.time.OffsetDateTime;

/**
 * One ledger entry of an account with what it was for.
 *
 * @param amount        signed: positive credits the account, negative debits it
 * @param balanceAfter  the account's balance once the entry applied
 * @param transactionId the ledger transaction, or null for an entry of none (network fees)
 * @param type          deposit, broadcast (a withdrawal), internal, or null
 * @param counterparty  for an internal transfer, the other account
 * @param reference     the client's reference of the transfer that made the transaction, if it gave one
 */
public record StatementLine(long entryId, OffsetDateTime createdAt, BigInteger amount, BigInteger balanceAfter,
                            Long transactionId, String type, String state, String counterparty, String address,
                            String txid, String label, String reference) {
}
