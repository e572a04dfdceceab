package io.cryptoassets.contracts.request;

/** The requests on {@link io.cryptoassets.contracts.Topics#ACCOUNT_REQUESTS}. */
public sealed interface AccountRequest extends Request permits OpenAccount, CreateAddress, Transfer, GetBalance,
        PlaceHold, CaptureHold, ReleaseHold {
}
