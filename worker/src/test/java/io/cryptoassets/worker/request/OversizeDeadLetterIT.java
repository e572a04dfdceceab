package io.cryptoassets.worker.request;

import static io.cryptoassets.worker.testsupport.RequestTraffic.ASSET;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cryptoassets.contracts.ContractHeaders;
import io.cryptoassets.contracts.Topics;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.worker.testsupport.RequestTraffic;
import io.cryptoassets.worker.testsupport.DeadLetterTopics;
import io.cryptoassets.worker.testsupport.WorkerIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A record as large as the broker takes, whose diagnosis quotes it: the dead letter must not
 * grow past what the producer may send, or the partition would be retried forever.
 */
@WorkerIntegrationTest
class OversizeDeadLetterIT {

    @Autowired
    JdbcClient jdbc;

    private RequestTraffic traffic;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void connect() {
        traffic = new RequestTraffic(jdbc);
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void disconnect() {
        root().detachAppender(logs);
        traffic.close();
    }

    @Test
    void oversizeRecordsAreDeadLetteredWithABoundedDiagnosisAndThePartitionGoesOn() throws Exception {
        String account = RequestTraffic.account("oversize");
        // Unknown types of 600 000 characters and of just under the broker's 1 MB limit: the
        // reader's reason quotes the type whole, so a dead letter carrying value and reason would
        // be about twice the record, above the producer's 1 MB max.request.size.
        byte[] large = unknownType(600_000);
        byte[] nearLimit = unknownType(1_040_000);
        traffic.send(Topics.ACCOUNT_REQUESTS, 0, account, large);
        traffic.send(Topics.ACCOUNT_REQUESTS, 0, account, nearLimit);
        UUID open = UUID.randomUUID();
        traffic.send(Topics.ACCOUNT_REQUESTS, 0, new OpenAccount(open, ASSET, account, null));

        traffic.awaitAnswered(List.of(open));

        List<ConsumerRecord<String, byte[]>> dead = DeadLetterTopics.read(Topics.dlt(Topics.ACCOUNT_REQUESTS), account, 2);
        // Fits whole once the reason is cut: the value stays byte for byte, so it can be replayed.
        assertThat(dead.get(0).value()).isEqualTo(large);
        assertThat(dead.get(0).headers().lastHeader(ContractHeaders.DLT_ORIGINAL_SIZE)).isNull();
        // Cannot fit whole: its first kilobyte, its size and its SHA-256.
        assertThat(dead.get(1).value()).isEqualTo(Arrays.copyOf(nearLimit, 1024));
        assertThat(DeadLetterTopics.header(dead.get(1), ContractHeaders.DLT_ORIGINAL_SIZE)).isEqualTo(Integer.toString(nearLimit.length));
        assertThat(DeadLetterTopics.header(dead.get(1), ContractHeaders.DLT_ORIGINAL_SHA256))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(nearLimit)));
        for (ConsumerRecord<String, byte[]> letter : dead) {
            assertThat(DeadLetterTopics.header(letter, ContractHeaders.DLT_REASON)).isEqualTo("UNREADABLE");
            assertThat(DeadLetterTopics.header(letter, ContractHeaders.DLT_ORIGINAL_PARTITION)).isEqualTo("0");
            assertThat(letter.headers().lastHeader(ContractHeaders.DLT_DETAIL).value().length).isLessThanOrEqualTo(512);
            assertThat(DeadLetterTopics.header(letter, ContractHeaders.DLT_DETAIL)).startsWith("unknown type \"XXX").contains("[cut, ");
        }
        assertThat(logs.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).hasSizeLessThan(4096));
    }

    private static byte[] unknownType(int length) {
        return ("{\"type\":\"" + "X".repeat(length) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
