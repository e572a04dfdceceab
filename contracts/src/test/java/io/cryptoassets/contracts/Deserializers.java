package io.cryptoassets.contracts;

import io.cryptoassets.contracts.serde.AccountRequestDeserializer;
import io.cryptoassets.contracts.serde.AlertDeserializer;
import io.cryptoassets.contracts.serde.ApprovalRequestDeserializer;
import io.cryptoassets.contracts.serde.DepositRequestDeserializer;
import io.cryptoassets.contracts.serde.RequestResultDeserializer;
import io.cryptoassets.contracts.serde.TxUpdateDeserializer;
import io.cryptoassets.contracts.serde.WithdrawalRequestDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** The deserializer a Java client configures for each topic. */
final class Deserializers {

    private Deserializers() {
    }

    static Deserializer<? extends Message> forTopic(String topic) {
        return switch (topic) {
            case Topics.WITHDRAWAL_REQUESTS -> new WithdrawalRequestDeserializer();
            case Topics.WITHDRAWAL_APPROVALS -> new ApprovalRequestDeserializer();
            case Topics.DEPOSIT_REQUESTS -> new DepositRequestDeserializer();
            case Topics.ACCOUNT_REQUESTS -> new AccountRequestDeserializer();
            case Topics.REQUEST_RESULTS -> new RequestResultDeserializer();
            case Topics.TXUPDATES -> new TxUpdateDeserializer();
            case Topics.ALERTS -> new AlertDeserializer();
            default -> throw new IllegalArgumentException(topic);
        };
    }
}
