package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.DepositRequest;

/** Reads the deposit requests of {@link Topics#DEPOSIT_REQUESTS}, validated against their schemas. */
public class DepositRequestDeserializer extends RequestDeserializer<DepositRequest> {

    public DepositRequestDeserializer() {
        super(Topics.DEPOSIT_REQUESTS, DepositRequest.class);
    }
}
