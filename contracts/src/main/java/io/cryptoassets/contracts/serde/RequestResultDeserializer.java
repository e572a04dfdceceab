package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.result.RequestResult;

/** Reads {@link RequestResult} records; see {@link ContractDeserializer} for how tolerant it is. */
public class RequestResultDeserializer extends ContractDeserializer<RequestResult> {

    public RequestResultDeserializer() {
        super(RequestResult.class);
    }
}
