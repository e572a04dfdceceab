package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.WithdrawalRequest;

/** Reads the withdrawal requests of {@link Topics#WITHDRAWAL_REQUESTS}, validated against their schemas. */
public class WithdrawalRequestDeserializer extends RequestDeserializer<WithdrawalRequest> {

    public WithdrawalRequestDeserializer() {
        super(Topics.WITHDRAWAL_REQUESTS, WithdrawalRequest.class);
    }
}
