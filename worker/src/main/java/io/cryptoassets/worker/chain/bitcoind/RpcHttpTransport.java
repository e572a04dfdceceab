package io.cryptoassets.worker.chain.bitcoind;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON-RPC bodies to the node with the JDK's {@link HttpClient}, every exchange bounded by
 * a deadline. It knows nothing of JSON-RPC; it reports either a complete answer or a failure that
 * says whether the request may have reached the node.
 *
 * <p>The JDK client is enough here: one POST endpoint, basic authentication, HTTP/1.1, and it
 * supports cancelling an exchange, which the deadline needs. No new dependency.
 */
final class RpcHttpTransport {

    private static final Logger log = LoggerFactory.getLogger(RpcHttpTransport.class);

    /**
     * {@code HttpClient.shutdownNow()} exists from Java 21 on; found once by reflection because
     * the code is compiled for Java 17. On 17 a client nobody references ends its selector thread
     * by itself once collected, and its idle connection is closed by the node's
     * {@code -rpcservertimeout}.
     */
    private static final Method SHUTDOWN_NOW = shutdownNowMethod();

    /** How a request gets its connection. */
    enum Connection {
        /** A kept-alive connection may be reused: fine for calls that are safe to repeat. */
        POOLED,
        /**
         * A connection opened for this request alone. A kept-alive connection that the node closes
         * (its {@code -rpcservertimeout}) just as a request goes out fails the request after the
         * body left, which for a send would be reported as "outcome unknown" although the node
         * never read it; a new connection rules that out.
         */
        FRESH
    }

    private final URI endpoint;
    private final RpcCredentials credentials;
    private final Duration connectTimeout;
    private final HttpClient pooledClient;

    RpcHttpTransport(URI endpoint, RpcCredentials credentials, Duration connectTimeout) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.pooledClient = newClient();
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * Sends one request and waits at most {@code timeout} for the complete answer.
     *
     * @throws RpcTransportException no complete answer; says whether the request may have arrived
     * @throws io.cryptoassets.worker.chain.NodeCallFailedException the credentials could not be
     *         read, before anything was sent
     */
    HttpAnswer post(byte[] json, Duration timeout, Connection connection) throws RpcTransportException {
        OneShotBody body = new OneShotBody(json);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .POST(body)
                .header("Content-Type", "application/json")
                .header("Authorization", credentials.authorization())
                .build();
        if (connection == Connection.POOLED) {
            return exchange(pooledClient, request, body, timeout);
        }
        HttpClient client = newClient();
        try {
            return exchange(client, request, body, timeout);
        } finally {
            release(client);
        }
    }

    private static HttpAnswer exchange(HttpClient client, HttpRequest request, OneShotBody body, Duration timeout)
            throws RpcTransportException {
        // The deadline covers the whole exchange, body included: the JDK's own request timeout
        // stops counting once the response headers are in, so a node that stalls mid-body would
        // otherwise hold the call forever.
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new HttpAnswer(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RpcTransportException("no complete answer within " + timeout.toMillis() + " ms",
                    !body.withhold(), e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RpcTransportException("interrupted while waiting for the answer", !body.withhold(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RpcTransportException(describe(cause), !body.withhold(), cause);
        }
    }

    private HttpClient newClient() {
        // HTTP/1.1 because the node speaks nothing else (no h2c upgrade attempt); redirects are
        // never followed, so a request is never re-sent somewhere else.
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    private static Method shutdownNowMethod() {
        try {
            return HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException java17) {
            return null;
        }
    }

    private static void release(HttpClient client) {
        if (SHUTDOWN_NOW == null) {
            return;
        }
        try {
            SHUTDOWN_NOW.invoke(client);
        } catch (ReflectiveOperationException e) {
            // The call's outcome is already known; a client that failed to shut down only costs
            // a thread until it is collected, so this must not turn into the call's failure.
            log.warn("could not shut down the HTTP client of a finished send", e);
        }
    }
}
