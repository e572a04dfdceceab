package io.cryptoassets.contracts;

/**
 * Names of the Kafka topics through which applications talk to the worker.
 *
 * <p>Requests flow in on the three {@code *-requests} topics and the approvals topic; results, transaction updates
 * and alerts flow out. A request that cannot be read or answered goes to the dead-letter
 * topic of the topic it came from, named by {@link #dlt(String)}.
 */
public final class Topics {

    /** In, key {@code accountId}: {@code WithdrawalRequested}, {@code CancelWithdrawal}. */
    public static final String WITHDRAWAL_REQUESTS = "cryptoassets.withdrawal-requests";

    /** In, key {@code address} ({@code txid} for {@code DepositNotified}): deposits seen or announced. */
    public static final String DEPOSIT_REQUESTS = "cryptoassets.deposit-requests";

    /** In, key {@code accountId} ({@code fromAccountId} for {@code Transfer}): accounts, addresses, transfers. */
    public static final String ACCOUNT_REQUESTS = "cryptoassets.account-requests";

    /**
     * In, key {@code accountId}: {@code ApproveWithdrawal}, {@code RejectWithdrawal}, from approvers
     * only (its own topic, so ACLs keep applications out).
     */
    public static final String WITHDRAWAL_APPROVALS = "cryptoassets.withdrawal-approvals";

    /** Out, key {@code accountId}: one {@code RequestResult} per request. */
    public static final String REQUEST_RESULTS = "cryptoassets.request-results";

    /** Out, key {@code accountId}: a {@code TxUpdate} whenever a transaction changes state or confirmations. */
    public static final String TXUPDATES = "cryptoassets.txupdates";

    /** Out, key {@code asset}: operational {@code Alert}s. */
    public static final String ALERTS = "cryptoassets.alerts";

    /** Suffix of every dead-letter topic. */
    public static final String DLT_SUFFIX = "-dlt";

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}, e.g. {@code cryptoassets.account-requests-dlt}. */
    public static String dlt(String topic) {
        return topic + DLT_SUFFIX;
    }
}
