package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.math.BigInteger;
import java.util.UUID;

/**
 * An application asks to send {@code amount} of {@code asset} from an account to an address.
 * Schema: {@code schemas/withdrawal-requested.schema.json}.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     idempotency key chosen by the client
 * @param asset         asset code, e.g. {@code BTC}
 * @param accountId     the account to debit; also the record key
 * @param toAddress     the destination address
 * @param amount        in the asset's smallest unit, greater than zero
 * @param label         optional free text kept with the transaction
 * @param forceExternal when {@code false} (the default) a destination owned by another account of
 *                      this ledger is settled internally, without a network fee; {@code true}
 *                      always broadcasts to the network
 * @param requestedBy   optional: the principal (person or service) that asked for it; an approver
 *                      with this id may not approve it
 */
@JsonTypeName("WithdrawalRequested")
public record WithdrawalRequested(
        int schemaVersion,
        UUID requestId,
        String asset,
        String accountId,
        String toAddress,
        BigInteger amount,
        String label,
        boolean forceExternal,
        String requestedBy) implements WithdrawalRequest {

    /** A request of the current schema version. */
    public WithdrawalRequested(UUID requestId, String asset, String accountId, String toAddress,
                               BigInteger amount, String label, boolean forceExternal) {
        this(SCHEMA_VERSION, requestId, asset, accountId, toAddress, amount, label, forceExternal, null);
    }

    /** A request of the current schema version that names who asked for it. */
    public WithdrawalRequested(UUID requestId, String asset, String accountId, String toAddress,
                               BigInteger amount, String label, boolean forceExternal, String requestedBy) {
        this(SCHEMA_VERSION, requestId, asset, accountId, toAddress, amount, label, forceExternal, requestedBy);
    }

    @Override
    public String recordKey() {
        return accountId;
    }
}
