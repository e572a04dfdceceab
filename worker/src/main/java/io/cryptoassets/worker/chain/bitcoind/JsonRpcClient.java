package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bitcoin Core's JSON-RPC over {@link RpcHttpTransport}: writes the request envelope, reads the
 * response envelope, and turns every way a call can end into the port's two failure types.
 *
 * <p>An answer is trusted only when complete and well-formed. The classification:
 * <ul>
 *   <li>An error object ({@code {"error":{"code":-6,"message":"..."}}}) with any HTTP status:
 *       {@link NodeCallFailedException} with the code. Bitcoin Core sends it with HTTP 500 (or 404,
 *       400) to JSON-RPC 1.0 requests and HTTP 200 to 2.0 ones.</li>
 *   <li>HTTP 401 or 403: the node refused the caller before executing anything.</li>
 *   <li>For {@linkplain #send sends} only: no complete answer after the request left, an HTTP 5xx
 *       without an error object, or a success answer that cannot be read:
 *       {@link SendOutcomeUnknownException}. For reads all of these are
 *       {@link NodeCallFailedException}.</li>
 * </ul>
 * Nothing here retries.
 */
final class JsonRpcClient {

    private static final Logger log = LoggerFactory.getLogger(JsonRpcClient.class);

    /**
     * Floats are read as {@code BigDecimal} from their text, never through {@code double} (either
     * feature does it for trees; both are set so that reading into classes later stays exact, and
     * {@link WalletAnswers} refuses any amount that did not arrive as a {@code BigDecimal}).
     * Amounts are written as plain decimals ({@code 0.00000001}, never {@code 1E-8}). A body with
     * duplicated keys or trailing content is treated as unreadable, not guessed at.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Written before the node's code and message in the failure for an error object; see {@link #nodeMessage}. */
    private static final String ANSWERED_ERROR = "the node answered error ";

    private final RpcHttpTransport transport;
    private final Duration readTimeout;
    private final Duration sendTimeout;
    private final AtomicLong ids = new AtomicLong();

    JsonRpcClient(RpcHttpTransport transport, Duration readTimeout, Duration sendTimeout) {
        this.transport = transport;
        this.readTimeout = readTimeout;
        this.sendTimeout = sendTimeout;
    }

    /** A call without effect on the chain: every failure is a {@link NodeCallFailedException}. */
    JsonNode read(String method, List<?> params) {
        return call(method, params, false);
    }

    /**
     * A call that may move money. Fails with {@link NodeCallFailedException} only when the node
     * cannot have executed it, else with {@link SendOutcomeUnknownException}.
     */
    JsonNode send(String method, List<?> params) {
        return call(method, params, true);
    }

    /** For the caller's own checks of a send's result: the node answered something unusable. */
    SendOutcomeUnknownException unreadableSendResult(String method, String why) {
        return unknown(method, "the answer cannot be used (" + why + ")", null);
    }

    private JsonNode call(String method, List<?> params, boolean send) {
        long id = ids.incrementAndGet();
        byte[] request = MAPPER.writeValueAsBytes(new Request("2.0", id, method, params));
        long started = System.nanoTime();
        HttpAnswer answer;
        try {
            answer = transport.post(request, send ? sendTimeout : readTimeout,
                    send ? RpcHttpTransport.Connection.FRESH : RpcHttpTransport.Connection.POOLED);
        } catch (RpcTransportException e) {
            if (send && e.requestLeft()) {
                throw unknown(method, "no complete answer: " + e.getMessage(), e);
            }
            throw failed(method, (e.requestLeft() ? "no complete answer: " : "the request never left: ")
                    + e.getMessage(), null, e);
        }
        log.debug("{} answered HTTP {} in {} ms", method, answer.status(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return result(method, id, answer, send);
    }

    private JsonNode result(String method, long id, HttpAnswer answer, boolean send) {
        int status = answer.status();
        if (status == 401 || status == 403) {
            // Bitcoin Core checks credentials (401) and rpcallowip (403) before it reads the call.
            throw failed(method, "the node refused the credentials (HTTP " + status
                    + "): check username and password or cookie-file, and the node's rpcallowip", null, null);
        }
        JsonNode envelope = parse(answer.body());
        JsonNode error = envelope == null ? null : envelope.get("error");
        if (error != null && !error.isNull()) {
            throw rpcError(method, id, status, envelope, error, send);
        }
        if (status / 100 != 2) {
            String why = "HTTP " + status + " without a JSON-RPC error object";
            if (send && status >= 500) {
                throw unknown(method, why, null);
            }
            throw failed(method, why, null, null);
        }
        if (envelope == null || !envelope.has("result") || !sameId(envelope.get("id"), id)) {
            String why = "the answer is not a JSON-RPC response to this request";
            if (send) {
                throw unknown(method, why, null);
            }
            throw failed(method, why, null, null);
        }
        return envelope.get("result");
    }

    /** The failure an error object stands for, or "unknown" for a send when it is not one. */
    private RuntimeException rpcError(String method, long id, int status, JsonNode envelope, JsonNode error, boolean send) {
        JsonNode code = error.get("code");
        JsonNode message = error.get("message");
        // Parse errors are answered with a null id, so null is accepted here; another id is not ours.
        JsonNode answeredId = envelope.get("id");
        boolean wellFormed = error.isObject() && code != null && code.isIntegralNumber() && code.canConvertToInt()
                && (answeredId == null || answeredId.isNull() || sameId(answeredId, id));
        if (wellFormed) {
            String text = message != null && message.isString() ? message.stringValue() : "(no message)";
            return failed(method, ANSWERED_ERROR + code.intValue() + ": " + text, code.intValue(), null);
        }
        String why = "HTTP " + status + " with a malformed error object";
        return send ? unknown(method, why, null) : failed(method, why, null, null);
    }

    /**
     * The node's own words in the failure for an error object, without the call and endpoint
     * written around them: what a refusal quotes as its reason. Other failures are returned whole.
     */
    static String nodeMessage(NodeCallFailedException failure) {
        String message = failure.getMessage();
        if (failure.rpcCode() == null || message == null) {
            return message;
        }
        String marker = ANSWERED_ERROR + failure.rpcCode() + ": ";
        int at = message.indexOf(marker);
        return at < 0 ? message : message.substring(at + marker.length());
    }

    private static boolean sameId(JsonNode answered, long id) {
        return answered != null && answered.isIntegralNumber() && answered.canConvertToLong()
                && answered.longValue() == id;
    }

    /** The body as a JSON object, or null when it is empty, not JSON, or not an object. */
    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException notJson) {
            log.debug("unreadable answer from the node: {}", notJson.getOriginalMessage());
            return null;
        }
    }

    private NodeCallFailedException failed(String method, String why, Integer code, Throwable cause) {
        return new NodeCallFailedException("bitcoind " + method + " at " + transport.endpoint() + ": " + why, code, cause);
    }

    private SendOutcomeUnknownException unknown(String method, String why, Throwable cause) {
        return new SendOutcomeUnknownException("bitcoind " + method + " at " + transport.endpoint() + ": " + why
                + "; the node may have executed it, so check the wallet before sending again", cause);
    }

    /** The JSON-RPC request envelope; Bitcoin Core answers 2.0 requests with HTTP 200 even on errors. */
    private record Request(String jsonrpc, long id, String method, List<?> params) {
    }
}
