package io.cryptoassets.worker.chain.bitcoind;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Bitcoin Core JSON-RPC endpoint in the test's JVM. It checks the basic credentials like the
 * node (HTTP 401 with an empty body), records every authorised call, and answers each method as
 * told; unknown methods get the node's "Method not found" (-32601, HTTP 404). Answers are written
 * the way the node writes them: a JSON-RPC 2.0 request gets a 2.0 answer.
 */
final class FakeBitcoind implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** One call as the node received it. */
    record Call(String path, String authorization, String method, JsonNode params, JsonNode id, String rawBody) {

        /** The params as compact JSON text, for exact comparisons. */
        String paramsJson() {
            return params.toString();
        }
    }

    /**
     * An answer. {@code %ID%} in the body is replaced by the request's id. A held answer waits
     * until the fake is closed, like a node busy with the call.
     */
    record Reply(int status, String body, boolean held) {

        static Reply of(int status, String body) {
            return new Reply(status, body, false);
        }

        /** Success, in the shape of Bitcoin Core 28+ for a JSON-RPC 2.0 request. */
        static Reply result(String resultJson) {
            return of(200, "{\"jsonrpc\":\"2.0\",\"result\":" + resultJson + ",\"id\":%ID%}");
        }

        /** Success, in the shape of Bitcoin Core before 28 (JSON-RPC 1.0 answers to everything). */
        static Reply legacyResult(String resultJson) {
            return of(200, "{\"result\":" + resultJson + ",\"error\":null,\"id\":%ID%}");
        }

        /** An error the way Bitcoin Core answers a JSON-RPC 1.0 request: HTTP 500. */
        static Reply legacyError(int code, String message) {
            return of(500, "{\"result\":null,\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"},\"id\":%ID%}");
        }

        /** An error the way Bitcoin Core 28+ answers a JSON-RPC 2.0 request: HTTP 200. */
        static Reply error20(int code, String message) {
            return of(200, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"},\"id\":%ID%}");
        }

        Reply heldUntilClose() {
            return new Reply(status, body, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-bitcoind");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Function<Call, Reply>> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch firstCall = new CountDownLatch(1);
    private volatile String expectedAuthorization;

    FakeBitcoind(String user, String password) throws IOException {
        expectCredentials(user, password);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void expectCredentials(String user, String password) {
        expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    void answer(String method, Reply reply) {
        answers.put(method, call -> reply);
    }

    /** Answers each call of the method as the function decides, e.g. by its params or by how often it came. */
    void answer(String method, Function<Call, Reply> answerer) {
        answers.put(method, answerer);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String method) {
        return calls.stream().filter(call -> method.equals(call.method())).collect(Collectors.toList());
    }

    Call onlyCall() {
        if (calls.size() != 1) {
            throw new AssertionError("expected exactly one call, got " + calls);
        }
        return calls.get(0);
    }

    /** Waits, bounded, until a first call has been recorded. */
    boolean awaitFirstCall() throws InterruptedException {
        return firstCall.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!expectedAuthorization.equals(authorization)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String rawBody = new String(raw, StandardCharsets.UTF_8);
            JsonNode request = JSON.readTree(rawBody);
            Call call = new Call(exchange.getRequestURI().getRawPath(), authorization,
                    request.path("method").asString(), request.get("params"), request.get("id"), rawBody);
            calls.add(call);
            firstCall.countDown();
            Reply reply = answers.getOrDefault(call.method(),
                    c -> Reply.of(404, "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":%ID%}"))
                    .apply(call);
            if (reply.held() && !closing.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held answer never released");
            }
            byte[] body = reply.body().replace("%ID%", String.valueOf(call.id())).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
