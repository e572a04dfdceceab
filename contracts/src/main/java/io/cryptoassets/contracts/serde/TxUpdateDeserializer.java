package io.cryptoassets.contracts.serde;

import io.cryptoassets.contracts.txupdate.TxUpdate;

/** Reads {@link TxUpdate} records; see {@link ContractDeserializer} for how tolerant it is. */
public class TxUpdateDeserializer extends ContractDeserializer<TxUpdate> {

    public TxUpdateDeserializer() {
        super(TxUpdate.class);
    }
}
