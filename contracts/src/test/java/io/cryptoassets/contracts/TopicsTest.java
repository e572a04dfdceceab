package io.cryptoassets.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void deadLetterTopicsAreTheTopicWithADltSuffix() {
        assertThat(Topics.dlt(Topics.WITHDRAWAL_REQUESTS)).isEqualTo("cryptoassets.withdrawal-requests-dlt");
    }

    @Test
    void eachRequestTopicCarriesOnlyRequestsAndEachEventTopicOneEvent() {
        assertThat(MessageType.onTopic(Topics.ACCOUNT_REQUESTS)).extracting(MessageType::typeName)
                .containsExactly("OpenAccount", "CreateAddress", "Transfer", "GetBalance",
                        "PlaceHold", "CaptureHold", "ReleaseHold");
        assertThat(MessageType.onTopic(Topics.DEPOSIT_REQUESTS)).extracting(MessageType::typeName)
                .containsExactly("DepositObserved", "DepositNotified");
        assertThat(MessageType.onTopic(Topics.WITHDRAWAL_REQUESTS)).extracting(MessageType::typeName)
                .containsExactly("WithdrawalRequested", "CancelWithdrawal");
        for (String topic : new String[] {Topics.REQUEST_RESULTS, Topics.TXUPDATES, Topics.ALERTS}) {
            assertThat(MessageType.onTopic(topic)).as(topic).hasSize(1).noneMatch(MessageType::isRequest);
        }
        assertThat(Arrays.stream(MessageType.values()).map(MessageType::topic))
                .allMatch(topic -> topic.startsWith("cryptoassets."));
    }

    @Test
    void requestTypesAreFoundOnlyOnTheirOwnTopic() {
        assertThat(MessageType.request(Topics.ACCOUNT_REQUESTS, "Transfer")).contains(MessageType.TRANSFER);
        assertThat(MessageType.request(Topics.WITHDRAWAL_REQUESTS, "Transfer")).isEmpty();
        assertThat(MessageType.request(Topics.REQUEST_RESULTS, "RequestResult")).isEmpty();
    }
}
