package io.cryptoassets.contracts.request;

import java.math.BigInteger;

/**
 * One move of a {@link Transfer} with legs. Schema: the items of {@code legs} in
 * {@code schemas/transfer.schema.json}.
 *
 * @param fromAccountId the account this leg debits
 * @param toAccountId   the account this leg credits; must differ from {@code fromAccountId}
 * @param amount        in the asset's smallest unit, greater than zero
 */
public record TransferLeg(String fromAccountId, String toAccountId, BigInteger amount) {
}
