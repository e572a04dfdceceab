package io.cryptoassets.worker.chain.bitcoind;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach one Bitcoin Core node's wallet over JSON-RPC.
 *
 * <p>Credentials are either {@code username} and {@code password} (an {@code rpcauth} or
 * {@code rpcuser}/{@code rpcpassword} entry of the node) or {@code cookieFile}, the node's
 * {@code .cookie} file, which is read again at every call because the node writes a new one each
 * time it starts. Exactly one of the two must be configured.
 *
 * @param url            the node's RPC address, e.g. {@code http://127.0.0.1:8332}; no credentials in it
 * @param wallet         the wallet to use; requests then go to {@code <url>/wallet/<wallet>}. Null or
 *                       blank sends them to {@code <url>}, which works only while the node has a
 *                       single wallet loaded
 * @param username       RPC user name
 * @param password       RPC password; never logged nor part of {@link #toString()}
 * @param cookieFile     path of the node's cookie file, instead of username and password
 * @param connectTimeout bound on opening the connection, default 5 s
 * @param readTimeout    bound on a whole call that only reads, default 30 s
 * @param sendTimeout    bound on a whole {@code sendmany} or {@code sendrawtransaction} call,
 *                       default 60 s: coin selection in a large wallet can take a while, and a
 *                       send that times out must be settled before it is sent again
 * @param addressType    {@code getnewaddress} address type ({@code legacy}, {@code p2sh-segwit},
 *                       {@code bech32}, {@code bech32m}); null leaves the node's {@code -addresstype}
 */
public record BitcoindProperties(
        URI url,
        String wallet,
        String username,
        String password,
        Path cookieFile,
        Duration connectTimeout,
        Duration readTimeout,
        Duration sendTimeout,
        String addressType) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(60);

    public BitcoindProperties {
        verifyUrl(url);
        wallet = blankToNull(wallet);
        username = blankToNull(username);
        addressType = blankToNull(addressType);
        if (password != null && password.isEmpty()) {
            password = null;
        }
        verifyCredentials(username, password, cookieFile);
        connectTimeout = positive("connect-timeout", connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        readTimeout = positive("read-timeout", readTimeout, DEFAULT_READ_TIMEOUT);
        sendTimeout = positive("send-timeout", sendTimeout, DEFAULT_SEND_TIMEOUT);
    }

    /** Username and password authentication with default timeouts and the node's address type. */
    public static BitcoindProperties withPassword(URI url, String wallet, String username, String password) {
        return new BitcoindProperties(url, wallet, username, password, null, null, null, null, null);
    }

    /** Cookie-file authentication with default timeouts and the node's address type. */
    public static BitcoindProperties withCookieFile(URI url, String wallet, Path cookieFile) {
        return new BitcoindProperties(url, wallet, null, null, cookieFile, null, null, null, null);
    }

    /**
     * Where the JSON-RPC requests go. The wallet name is percent-encoded as a single path segment
     * (a space as {@code %20}, never {@code +}: the node decodes the path without turning plus
     * signs into spaces).
     */
    public URI endpoint() {
        if (wallet == null) {
            return url;
        }
        String base = url.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/wallet/" + percentEncode(wallet));
    }

    /** Everything but the password, so the properties can be logged. */
    @Override
    public String toString() {
        return "BitcoindProperties[url=" + url
                + ", wallet=" + wallet
                + ", username=" + username
                + ", password=" + (password == null ? "null" : "***")
                + ", cookieFile=" + cookieFile
                + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout
                + ", sendTimeout=" + sendTimeout
                + ", addressType=" + addressType + "]";
    }

    private static void verifyUrl(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("bitcoind url is required");
        }
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("bitcoind url must start with http:// or https://, was " + url.getScheme());
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("bitcoind url needs a host");
        }
        // Credentials in the URL would end up in every log line and exception that names it.
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("bitcoind url must not contain credentials: use username and password or cookie-file");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("bitcoind url must not have a query or fragment");
        }
    }

    private static void verifyCredentials(String username, String password, Path cookieFile) {
        boolean userAndPassword = username != null || password != null;
        if (userAndPassword && cookieFile != null) {
            throw new IllegalArgumentException("bitcoind: configure either username and password or cookie-file, not both");
        }
        if (!userAndPassword && cookieFile == null) {
            throw new IllegalArgumentException("bitcoind: username and password, or cookie-file, are required");
        }
        if (userAndPassword && (username == null || password == null)) {
            throw new IllegalArgumentException("bitcoind: username and password must be configured together");
        }
        // HTTP basic authentication separates user and password at the first colon.
        if (username != null && username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bitcoind username must not contain ':'");
        }
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("bitcoind " + name + " must be positive, was " + value);
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters. */
    private static String percentEncode(String segment) {
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.write(c);
            } else {
                out.write('%');
                out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.write(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
