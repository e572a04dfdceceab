package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.AccountRequest;

/** Reads the account requests of {@link Topics#ACCOUNT_REQUESTS}, validated against their schemas. */
public class AccountRequestDeserializer extends RequestDeserializer<AccountRequest> {

    public AccountRequestDeserializer() {
        super(Topics.ACCOUNT_REQUESTS, AccountRequest.class);
    }
}
