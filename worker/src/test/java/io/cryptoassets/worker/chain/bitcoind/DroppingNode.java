package io.cryptoassets.worker.chain.bitcoind;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw TCP endpoint that reads a whole HTTP request and then breaks the connection, the ways a
 * node that crashes or a network that fails would: something HttpServer cannot be made to do.
 */
final class DroppingNode implements AutoCloseable {

    enum Drop {
        /** The node read the request and closed the connection without a byte of answer. */
        CLOSE_BEFORE_ANSWER,
        /** The same with a TCP reset. */
        RESET_BEFORE_ANSWER,
        /** The answer's headers promise more body than is sent before the connection closes. */
        CLOSE_MID_ANSWER
    }

    private final ServerSocket socket;
    private final Drop drop;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;

    DroppingNode(Drop drop) throws IOException {
        this.drop = drop;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::serve, "dropping-node");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Requests read completely before the connection was broken. */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                readRequest(connection.getInputStream());
                requests.incrementAndGet();
                breakConnection(connection);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void breakConnection(Socket connection) throws IOException {
        switch (drop) {
            case CLOSE_BEFORE_ANSWER:
                return;
            case RESET_BEFORE_ANSWER:
                connection.setSoLinger(true, 0);
                return;
            case CLOSE_MID_ANSWER:
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 120\r\n\r\n"
                        + "{\"jsonrpc\":\"2.0\",\"result\":\"4a5e1e4baab89f3a32518a88c31bc87f")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            default:
                throw new IllegalStateException("unknown drop " + drop);
        }
    }

    private static void readRequest(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        int contentLength = -1;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(lower.substring("content-length:".length()).trim());
            }
        }
        if (contentLength < 0 || in.readNBytes(contentLength).length != contentLength) {
            throw new IOException("incomplete request");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed inside the headers");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
