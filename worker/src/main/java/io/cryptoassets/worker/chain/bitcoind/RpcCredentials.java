package io.cryptoassets.worker.chain.bitcoind;

import io.cryptoassets.worker.chain.NodeCallFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The HTTP basic {@code Authorization} header for the node. Holds secrets, so it has no
 * {@code toString} that shows them and its exceptions never quote them.
 */
abstract class RpcCredentials {

    /** The header value; a failure here happens before anything is sent. */
    abstract String authorization();

    static RpcCredentials of(BitcoindProperties properties) {
        if (properties.cookieFile() != null) {
            return new CookieFile(properties.cookieFile());
        }
        return new Fixed(basic(properties.username() + ":" + properties.password()));
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Fixed extends RpcCredentials {

        private final String header;

        Fixed(String header) {
            this.header = header;
        }

        @Override
        String authorization() {
            return header;
        }

        @Override
        public String toString() {
            return "username and password";
        }
    }

    /**
     * Bitcoin Core writes {@code __cookie__:<random>} to its cookie file at every start and
     * deletes it at shutdown, so the file is read at every call rather than once: a node restart
     * must not leave the worker with a stale password.
     */
    private static final class CookieFile extends RpcCredentials {

        private final Path path;

        CookieFile(Path path) {
            this.path = path;
        }

        @Override
        String authorization() {
            String cookie;
            try {
                cookie = Files.readString(path, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new NodeCallFailedException("cannot read the node's cookie file " + path
                        + " (is the node running, and is the file readable by this user?)", null, e);
            }
            if (cookie.indexOf(':') <= 0) {
                throw new NodeCallFailedException("the node's cookie file " + path + " is not of the form user:password");
            }
            return basic(cookie);
        }

        @Override
        public String toString() {
            return "cookie file " + path;
        }
    }
}
