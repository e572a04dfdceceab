package io.cryptoassets.contracts.request;

/**
 * The requests on {@link io.cryptoassets.contracts.Topics#WITHDRAWAL_REQUESTS}, keyed by the account,
 * so a cancel is applied after the withdrawal it names.
 */
public sealed interface WithdrawalRequest extends Request permits WithdrawalRequested, CancelWithdrawal {
}
