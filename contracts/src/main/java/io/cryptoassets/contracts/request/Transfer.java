package io.cryptoassets.contracts.request;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Move amounts between accounts of one asset inside the ledger, with no network transaction and
 * no fee. Schema: {@code schemas/transfer.schema.json}.
 *
 * <p>Two forms, exclusive: a single move ({@code toAccountId} and {@code amount}, debiting
 * {@code fromAccountId}), or up to {@link #MAX_LEGS} {@code legs} applied in order, all or
 * nothing. With legs, {@code fromAccountId} is only the record key: the account whose partition
 * orders the request and whose balance the result tells; legs may debit other accounts, whose
 * own requests on other partitions are not ordered with this one (the serializable transaction
 * keeps every balance right whatever the order).
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} for this release
 * @param requestId     idempotency key chosen by the client
 * @param asset         asset code of every account named
 * @param fromAccountId the single form's account to debit; with legs, the record key only; always the record key
 * @param toAccountId   the single form's account to credit; must differ from {@code fromAccountId};
 *                      {@code null} with legs
 * @param amount        the single form's amount, in the asset's smallest unit, greater than zero;
 *                      {@code null} with legs
 * @param label         optional free text kept with the transaction (each leg's)
 * @param legs          the moves, in the order they apply, 1 to {@link #MAX_LEGS}; {@code null} for the
 *                      single form
 * @param reference     optional client reference kept with every transaction and told in every {@code TxUpdate}
 * @param metadata      optional client key-value pairs kept and told like {@code reference}
 */
@JsonTypeName("Transfer")
public record Transfer(
        int schemaVersion,
        UUID requestId,
        String asset,
        String fromAccountId,
        String toAccountId,
        BigInteger amount,
        String label,
        List<TransferLeg> legs,
        String reference,
        Map<String, String> metadata) implements AccountRequest {

    /**
     * Most legs one transfer may have: every leg is a transaction, two ledger entries and two
     * events written in the batch's transaction, so the bound keeps one request's share of a
     * batch small and its rows bounded.
     */
    public static final int MAX_LEGS = 16;

    /** Absent or empty legs and metadata read as none; what there is keeps its order and cannot change. */
    public Transfer {
        legs = legs == null || legs.isEmpty() ? null : List.copyOf(legs);
        metadata = metadata == null || metadata.isEmpty()
                ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A single move of the current schema version, without reference or metadata. */
    public Transfer(UUID requestId, String asset, String fromAccountId, String toAccountId,
                    BigInteger amount, String label) {
        this(SCHEMA_VERSION, requestId, asset, fromAccountId, toAccountId, amount, label, null, null, null);
    }

    /** A transfer with legs of the current schema version, keyed by {@code fromAccountId}. */
    public static Transfer ofLegs(UUID requestId, String asset, String fromAccountId, List<TransferLeg> legs,
                                  String label, String reference, Map<String, String> metadata) {
        return new Transfer(SCHEMA_VERSION, requestId, asset, fromAccountId, null, null, label, legs, reference,
                metadata);
    }

    /**
     * The moves this request makes, in order: its legs, or the single move as one leg.
     */
    public List<TransferLeg> moves() {
        return legs != null ? legs : List.of(new TransferLeg(fromAccountId, toAccountId, amount));
    }

    /** Whether this is the form with legs. */
    public boolean hasLegs() {
        return legs != null;
    }

    @Override
    public String recordKey() {
        return fromAccountId;
    }
}
