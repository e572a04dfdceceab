package io.cryptoassets.contracts;

import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.GetBalance;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.RejectWithdrawal;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.Request;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every record of the contract: the topic it travels on, its Java record and its JSON Schema.
 * This table is what routes an incoming body to its schema and what the tests walk to keep
 * records, schemas and README examples in step.
 */
public enum MessageType {
    WITHDRAWAL_REQUESTED(Topics.WITHDRAWAL_REQUESTS, WithdrawalRequested.class, "withdrawal-requested"),
    CANCEL_WITHDRAWAL(Topics.WITHDRAWAL_REQUESTS, CancelWithdrawal.class, "cancel-withdrawal"),
    DEPOSIT_OBSERVED(Topics.DEPOSIT_REQUESTS, DepositObserved.class, "deposit-observed"),
    DEPOSIT_NOTIFIED(Topics.DEPOSIT_REQUESTS, DepositNotified.class, "deposit-notified"),
    OPEN_ACCOUNT(Topics.ACCOUNT_REQUESTS, OpenAccount.class, "open-account"),
    CREATE_ADDRESS(Topics.ACCOUNT_REQUESTS, CreateAddress.class, "create-address"),
    TRANSFER(Topics.ACCOUNT_REQUESTS, Transfer.class, "transfer"),
    GET_BALANCE(Topics.ACCOUNT_REQUESTS, GetBalance.class, "get-balance"),
    PLACE_HOLD(Topics.ACCOUNT_REQUESTS, PlaceHold.class, "place-hold"),
    CAPTURE_HOLD(Topics.ACCOUNT_REQUESTS, CaptureHold.class, "capture-hold"),
    RELEASE_HOLD(Topics.ACCOUNT_REQUESTS, ReleaseHold.class, "release-hold"),
    APPROVE_WITHDRAWAL(Topics.WITHDRAWAL_APPROVALS, ApproveWithdrawal.class, "approve-withdrawal"),
    REJECT_WITHDRAWAL(Topics.WITHDRAWAL_APPROVALS, RejectWithdrawal.class, "reject-withdrawal"),
    REQUEST_RESULT(Topics.REQUEST_RESULTS, RequestResult.class, "request-result"),
    TX_UPDATE(Topics.TXUPDATES, TxUpdate.class, "tx-update"),
    ALERT(Topics.ALERTS, Alert.class, "alert");

    private final String topic;
    private final Class<? extends Message> recordClass;
    private final String schemaName;

    MessageType(String topic, Class<? extends Message> recordClass, String schemaName) {
        this.topic = topic;
        this.recordClass = recordClass;
        this.schemaName = schemaName;
    }

    /** The topic records of this type are produced to. */
    public String topic() {
        return topic;
    }

    /** The Java record. */
    public Class<? extends Message> recordClass() {
        return recordClass;
    }

    /** The type name: the {@code type} property of requests and the message-type header. */
    public String typeName() {
        return recordClass.getSimpleName();
    }

    /** The schema's short name, e.g. {@code withdrawal-requested}. */
    public String schemaName() {
        return schemaName;
    }

    /** The schema's classpath resource, e.g. {@code schemas/withdrawal-requested.schema.json}. */
    public String schemaResource() {
        return "schemas/" + schemaName + ".schema.json";
    }

    /** Whether applications send it (rather than the worker). */
    public boolean isRequest() {
        return Request.class.isAssignableFrom(recordClass);
    }

    /** The type whose record is {@code recordClass}, if it is one of the contract's. */
    public static Optional<MessageType> of(Class<?> recordClass) {
        return Arrays.stream(values()).filter(type -> type.recordClass == recordClass).findFirst();
    }

    /** The types carried by {@code topic}; empty for a topic outside the contract. */
    public static List<MessageType> onTopic(String topic) {
        return Arrays.stream(values()).filter(type -> type.topic.equals(topic)).toList();
    }

    /** The request type named {@code typeName} on {@code topic}, if that topic carries it. */
    public static Optional<MessageType> request(String topic, String typeName) {
        return onTopic(topic).stream()
                .filter(type -> type.isRequest() && type.typeName().equals(typeName))
                .findFirst();
    }
}
