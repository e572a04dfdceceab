package io.cryptoassets.contracts;

import io.cryptoassets.contracts.alert.Alert;
import io.cryptoassets.contracts.alert.AlertKind;
import io.cryptoassets.contracts.alert.Severity;
import io.cryptoassets.contracts.request.ApproveWithdrawal;
import io.cryptoassets.contracts.request.CancelWithdrawal;
import io.cryptoassets.contracts.request.CreateAddress;
import io.cryptoassets.contracts.request.DepositNotified;
import io.cryptoassets.contracts.request.DepositObserved;
import io.cryptoassets.contracts.request.CaptureHold;
import io.cryptoassets.contracts.request.GetBalance;
import io.cryptoassets.contracts.request.PlaceHold;
import io.cryptoassets.contracts.request.ReleaseHold;
import io.cryptoassets.contracts.request.OpenAccount;
import io.cryptoassets.contracts.request.RejectWithdrawal;
import io.cryptoassets.contracts.request.Transfer;
import io.cryptoassets.contracts.request.TransferLeg;
import io.cryptoassets.contracts.request.WithdrawalRequested;
import io.cryptoassets.contracts.result.PolicyLimit;
import io.cryptoassets.contracts.result.ReasonCode;
import io.cryptoassets.contracts.result.RequestResult;
import io.cryptoassets.contracts.result.RequestSource;
import io.cryptoassets.contracts.result.RequestStatus;
import io.cryptoassets.contracts.txupdate.Direction;
import io.cryptoassets.contracts.txupdate.TransactionType;
import io.cryptoassets.contracts.txupdate.TxState;
import io.cryptoassets.contracts.txupdate.TxUpdate;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Valid records of every type: one with every optional field set, one with none. */
final class Samples {

    static final String TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";
    static final String BLOCK = "000000000000000000024bead8df69990852c202db0e0097c1a12ea637d7e96d";
    static final String ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    /** The largest amount the contract allows: 78 nines. */
    static final BigInteger MAX_AMOUNT = BigInteger.TEN.pow(78).subtract(BigInteger.ONE);
    static final Instant AT = Instant.parse("2025-03-01T12:00:00.123456789Z");

    private Samples() {
    }

    static List<Message> full() {
        return List.of(
                new WithdrawalRequested(UUID.randomUUID(), "BTC", "customer-42", ADDRESS, MAX_AMOUNT, "payout", true,
                        "alice@ops"),
                CancelWithdrawal.ofTransaction(UUID.randomUUID(), "BTC", "customer-42", 9_007_199_254_740_991L),
                new ApproveWithdrawal(UUID.randomUUID(), "BTC", "customer-42", null, 9_007_199_254_740_991L, "bob@ops"),
                new RejectWithdrawal(UUID.randomUUID(), "BTC", "customer-42", UUID.randomUUID(), null, "carol@ops",
                        "not confirmed"),
                new DepositObserved(UUID.randomUUID(), "BTC", TXID, 3, ADDRESS, BigInteger.valueOf(150_000), 2, BLOCK),
                new DepositNotified(UUID.randomUUID(), "LTC", TXID),
                new OpenAccount(UUID.randomUUID(), "DOGE", "a.b_c:d-e", "Alice"),
                new CreateAddress(UUID.randomUUID(), "BTC", "customer-42", ADDRESS),
                new Transfer(Message.SCHEMA_VERSION, UUID.randomUUID(), "BTC", "customer-42", "merchant:7",
                        BigInteger.ONE, "order 1001", null, "order:1001", Map.of("order", "1001", "desk", "otc")),
                Transfer.ofLegs(UUID.randomUUID(), "BTC", "buyer-1", List.of(
                                new TransferLeg("buyer-1", "seller-2", MAX_AMOUNT),
                                new TransferLeg("buyer-1", "fees", BigInteger.ONE),
                                new TransferLeg("seller-2", "buyer-1", BigInteger.TEN)),
                        "trade 7", "trade-7", Map.of("trade", "7")),
                new GetBalance(UUID.randomUUID(), "BTC", "customer-42"),
                new PlaceHold(UUID.randomUUID(), "BTC", "customer-42", "order:1001", MAX_AMOUNT, AT, "order 1001"),
                new CaptureHold(UUID.randomUUID(), "BTC", "customer-42", "order:1001", MAX_AMOUNT, "merchant:7", null,
                        "order 1001 filled"),
                new ReleaseHold(UUID.randomUUID(), "BTC", "customer-42", "order:1001"),
                new RequestResult(Message.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(), "Transfer", "BTC",
                        "customer-42", RequestStatus.REJECTED, ReasonCode.INVALID_REQUEST, "bad amount",
                        List.of(new FieldError("amount", "too large")), 17L, ADDRESS, AT, PolicyLimit.ASSET_WINDOW_COUNT,
                        MAX_AMOUNT.negate(), 9_007_199_254_740_991L, MAX_AMOUNT.negate(),
                        new RequestSource("cryptoassets.account-requests", 2_147_483_647, 9_007_199_254_740_991L),
                        List.of(17L, 9_007_199_254_740_991L)),
                new TxUpdate(Message.SCHEMA_VERSION, UUID.randomUUID(), "BTC", 1017, TransactionType.BROADCAST,
                        Direction.OUT, TxState.BROADCASTED, "customer-42", ADDRESS, TXID, MAX_AMOUNT, BigInteger.ZERO, 5,
                        true, 9_007_199_254_740_991L, AT, "sent", MAX_AMOUNT, BigInteger.ZERO, "order:1001",
                        "trade-7", Map.of("order", "1001")),
                new Alert(UUID.randomUUID(), "BTC", AlertKind.DEPOSIT_AMOUNT_MISMATCH, Severity.CRITICAL,
                        "amounts differ", Map.of("txid", TXID, "vout", "1"), AT));
    }

    static List<Message> minimal() {
        return List.of(
                new WithdrawalRequested(UUID.randomUUID(), "BTC", "c", ADDRESS, BigInteger.ONE, null, false),
                CancelWithdrawal.ofRequest(UUID.randomUUID(), "BTC", "c", UUID.randomUUID()),
                new ApproveWithdrawal(UUID.randomUUID(), "BTC", "c", UUID.randomUUID(), null, "a"),
                new RejectWithdrawal(UUID.randomUUID(), "BTC", "c", null, 1L, "a", null),
                new DepositObserved(null, "BTC", TXID, 0, ADDRESS, BigInteger.ONE, 0, null),
                new DepositNotified(null, "BTC", TXID),
                new OpenAccount(UUID.randomUUID(), "BTC", "c", null),
                new CreateAddress(UUID.randomUUID(), "BTC", "c", null),
                new Transfer(UUID.randomUUID(), "BTC", "a", "b", BigInteger.TEN, null),
                Transfer.ofLegs(UUID.randomUUID(), "BTC", "a", List.of(new TransferLeg("a", "b", BigInteger.ONE)),
                        null, null, null),
                new GetBalance(UUID.randomUUID(), "BTC", "c"),
                new PlaceHold(UUID.randomUUID(), "BTC", "c", "h", BigInteger.ONE, null, null),
                CaptureHold.toAddress(UUID.randomUUID(), "BTC", "c", "h", null, ADDRESS),
                new ReleaseHold(UUID.randomUUID(), "BTC", "c", "h"),
                new RequestResult(UUID.randomUUID(), UUID.randomUUID(), "OpenAccount", null, null,
                        RequestStatus.ACCEPTED, null, null, null, null, null, AT),
                new TxUpdate(UUID.randomUUID(), "BTC", 1, TransactionType.INTERNAL, Direction.IN, TxState.INTERNAL,
                        "b", null, null, BigInteger.TEN, null, 0, true, 1, AT),
                new Alert(UUID.randomUUID(), "BTC", AlertKind.NODE_UNREACHABLE, Severity.WARNING, "node down",
                        null, AT));
    }
}
