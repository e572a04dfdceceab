package io.cryptoassets.contracts.request;

/** The requests on {@link io.cryptoassets.contracts.Topics#WITHDRAWAL_REQUESTS}. */
public sealed interface WithdrawalRequest extends Request permits WithdrawalRequested {
}
