package io.cryptoassets.worker.chain.simulated;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cryptoassets.worker.chain.SendOutcomeUnknownException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@link SimulatedChain} behind Bitcoin Core's wallet JSON-RPC over HTTP, so that worker
 * processes configured with {@code node.type=bitcoind} share one chain, through the real adapter.
 * Only tests use it, in their own JVM; a worker cannot tell it from a node except by what it
 * leaves out (see {@link WalletRpc}).
 *
 * <p>HTTP basic authentication: any user name is admitted with the server's password, and the
 * name identifies the caller, so a test can give every worker its own and know which one made a
 * call ({@link #trapNextSend}). A timeout fault injected into the chain ({@link Faults}) leaves
 * the call unanswered: the connection drops. Answers are JSON-RPC 2.0 with HTTP 200, errors included, as Bitcoin
 * Core 28 and later answer 2.0 requests.
 */
public final class SimulatedNodeServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedNodeServer.class);

    /** Exact decimals in and out, as the adapter expects; duplicated keys refused like the node. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final int RPC_PARSE_ERROR = -32700;
    /** Bitcoin Core's RPC_IN_WARMUP: what a node answers while it loads its blocks or wallet. */
    private static final int RPC_IN_WARMUP = -28;
    private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

    private final SimulatedChain chain;
    private final WalletRpc wallet;
    private final String password;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicReference<SendTrap> armed = new AtomicReference<>();
    private final AtomicReference<Outage> outage = new AtomicReference<>();

    /** How the node misbehaves for a while: see {@link #hang} and {@link #refuse}. */
    private record Outage(boolean hung, long untilNanos) {

        boolean lasting() {
            return System.nanoTime() - untilNanos < 0;
        }
    }

    private SimulatedNodeServer(SimulatedChain chain, String password) throws IOException {
        this.chain = chain;
        this.wallet = new WalletRpc(chain);
        this.password = password;
        AtomicInteger threads = new AtomicInteger();
        // A thread per call as it arrives: held sends, hung calls and several workers' polls never
        // queue behind each other, so a call is judged (hung, refused, answered) when it arrives.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "simulated-node-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    /** Serves {@code chain} on a free loopback port until closed. */
    public static SimulatedNodeServer start(SimulatedChain chain, String password) throws IOException {
        SimulatedNodeServer node = new SimulatedNodeServer(chain, password);
        node.server.start();
        return node;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public SimulatedChain chain() {
        return chain;
    }

    /**
     * For {@code duration}, accepts every call and never answers it: each is held until the
     * outage ends and then dropped without effect, like a node stuck in a long lock. Callers see
     * their read timeout.
     */
    public void hang(Duration duration) {
        outage.set(new Outage(true, System.nanoTime() + duration.toNanos()));
    }

    /** For {@code duration}, answers every call with Bitcoin Core's warm-up error, without effect. */
    public void refuse(Duration duration) {
        outage.set(new Outage(false, System.nanoTime() + duration.toNanos()));
    }

    /** Holds the next {@code sendmany} or {@code sendrawtransaction}, from whichever caller, as {@code phase} says. */
    public SendTrap trapNextSend(SendTrap.Phase phase) {
        return arm(new SendTrap(phase, SendTrap.SENDS));
    }

    /**
     * Holds the next call of {@code rpcMethod} only: a send ({@code sendmany},
     * {@code sendrawtransaction}) or {@code walletcreatefundedpsbt}, which locks the coins of a
     * transaction about to be signed (AFTER_SEND: the coins are locked, the caller never learns which).
     */
    public SendTrap trapNext(String rpcMethod, SendTrap.Phase phase) {
        if (!SendTrap.SENDS.contains(rpcMethod) && !SendTrap.SIGNING.equals(rpcMethod)) {
            throw new IllegalArgumentException("only sends and signing are trapped, not " + rpcMethod);
        }
        return arm(new SendTrap(phase, Set.of(rpcMethod)));
    }

    private SendTrap arm(SendTrap trap) {
        if (!armed.compareAndSet(null, trap)) {
            throw new IllegalStateException("a send trap is already armed");
        }
        return trap;
    }

    /** Takes back a trap that no send has sprung yet; false when one already did. */
    public boolean disarm(SendTrap trap) {
        return armed.compareAndSet(trap, null);
    }

    @Override
    public void close() {
        SendTrap trap = armed.getAndSet(null);
        if (trap != null) {
            trap.release();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Optional<String> caller = caller(exchange.getRequestHeaders().getFirst("Authorization"));
            if (caller.isEmpty()) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (JacksonException e) {
                respond(exchange, error(null, RPC_PARSE_ERROR, "Parse error"));
                return;
            }
            Outage now = outage.get();
            if (now != null && now.lasting()) {
                misbehave(exchange, request, now);
                return;
            }
            answer(exchange, request, caller.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void misbehave(HttpExchange exchange, JsonNode request, Outage outage)
            throws IOException, InterruptedException {
        if (!outage.hung()) {
            respond(exchange, error(request.get("id"), RPC_IN_WARMUP, "Loading wallet..."));
            return;
        }
        long left = outage.untilNanos() - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
        // Closing the exchange unanswered drops the connection: the call never took effect.
    }

    private void answer(HttpExchange exchange, JsonNode request, String caller) throws IOException, InterruptedException {
        JsonNode id = request.get("id");
        String method = request.path("method").asString("");
        JsonNode params = request.path("params");
        SendTrap trap = springTrap(method);
        if (trap != null && trap.phase() == SendTrap.Phase.BEFORE_SEND) {
            trap.hold(caller, method, LONGEST_HOLD);
            // Closing the exchange unanswered drops the connection: the send never happened.
            log.info("{} from {} held before it took effect, then dropped", method, caller);
            return;
        }
        ObjectNode response;
        try {
            response = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
            response.set("result", wallet.call(method, params));
            response.set("id", id);
        } catch (WalletRpc.RpcError e) {
            response = error(id, e.code, e.getMessage());
        } catch (SendOutcomeUnknownException injected) {
            // A timeout fault of the chain: the caller gets no answer, the connection drops.
            log.info("{} from {} left unanswered: {}", method, caller, injected.getMessage());
            return;
        }
        if (trap != null) {
            log.info("{} from {} took effect; its answer is held", method, caller);
            trap.hold(caller, method, LONGEST_HOLD);
        }
        try {
            respond(exchange, response);
        } catch (IOException callerGone) {
            // A caller killed while its answer was held: the answer has nowhere to go.
            log.info("could not answer {} from {}: {}", method, caller, callerGone.toString());
        }
    }

    /** The armed trap when it catches {@code method}, disarmed so it springs once. */
    private SendTrap springTrap(String method) {
        SendTrap trap = armed.get();
        return trap != null && trap.catches(method) && armed.compareAndSet(trap, null) ? trap : null;
    }

    private Optional<String> caller(String authorization) {
        String prefix = "Basic ";
        if (authorization == null || !authorization.startsWith(prefix)) {
            return Optional.empty();
        }
        String userAndPassword;
        try {
            userAndPassword = new String(Base64.getDecoder().decode(authorization.substring(prefix.length())),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = userAndPassword.indexOf(':');
        if (colon <= 0 || !userAndPassword.substring(colon + 1).equals(password)) {
            return Optional.empty();
        }
        return Optional.of(userAndPassword.substring(0, colon));
    }

    private static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode response = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        response.putObject("error").put("code", code).put("message", message);
        response.set("id", id);
        return response;
    }

    private static void respond(HttpExchange exchange, JsonNode response) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(response);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
