package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.math.BigInteger;
import java.util.UUID;

/**
 * Settle a hold by paying from it: {@code amount} (all of the hold when absent) goes to another
 * account of the ledger ({@code toAccountId}, as a {@link Transfer} would) or to an address
 * ({@code toAddress}, as a {@link WithdrawalRequested} would, with the same checks and policies);
 * what the hold reserved beyond {@code amount} is released in the same step. Exactly one of
 * {@code toAccountId} and {@code toAddress}. A capture that is refused leaves the hold as it was.
 * Schema: {@code schemas/capture-hold.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     idempotency key chosen by the client
 * @param asset         asset code of the account
 * @param accountId     the account that placed the hold; also the record key
 * @param holdId        the hold to capture
 * @param amount        optional: how much to pay, at most the hold's amount (CAPTURE_EXCEEDS_HOLD);
 *                      {@code null} for the whole hold
 * @param toAccountId   the account to credit, or {@code null} when paying an address
 * @param toAddress     the address to pay, or {@code null} when paying an account
 * @param label         optional free text kept with the transfer or withdrawal
 */
@JsonTypeName("CaptureHold")
public record CaptureHold(
        int schemaVersion,
        UUID requestId,
        String asset,
        String accountId,
        String holdId,
        BigInteger amount,
        String toAccountId,
        String toAddress,
        String label) implements AccountRequest {

    /** A request of the current schema version. */
    public CaptureHold(UUID requestId, String asset, String accountId, String holdId, BigInteger amount,
                       String toAccountId, String toAddress, String label) {
        this(SCHEMA_VERSION, requestId, asset, accountId, holdId, amount, toAccountId, toAddress, label);
    }

    /** Captures to another account of the ledger. */
    public static CaptureHold toAccount(UUID requestId, String asset, String accountId, String holdId,
                                        BigInteger amount, String toAccountId) {
        return new CaptureHold(requestId, asset, accountId, holdId, amount, toAccountId, null, null);
    }

    /** Captures to an address. */
    public static CaptureHold toAddress(UUID requestId, String asset, String accountId, String holdId,
                                        BigInteger amount, String toAddress) {
        return new CaptureHold(requestId, asset, accountId, holdId, amount, null, toAddress, null);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
