package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.alert.Alert;

/** Reads {@link Alert} records; see {@link ContractDeserializer} for how tolerant it is. */
public class AlertDeserializer extends ContractDeserializer<Alert> {

    public AlertDeserializer() {
        super(Alert.class);
    }
}
