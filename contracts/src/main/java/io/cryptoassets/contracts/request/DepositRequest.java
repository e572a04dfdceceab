package io.cryptoassets.contracts.request;

/**
 * The requests on {@link io.cryptoassets.contracts.Topics#DEPOSIT_REQUESTS}.
 *
 * <p>Their {@code requestId} is optional because the usual producers (a chain watcher, a
 * wallet-notify hook) have no place to keep one. Without it the idempotency key is a
 * name-based UUID (version 5, see {@link DerivedRequestId}) of the request's content, so
 * replaying the same observation has no second effect while any change makes a new request.
 */
public sealed interface DepositRequest extends Request permits DepositObserved, DepositNotified {
}
