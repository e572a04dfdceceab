package io.cryptoassets.worker.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Cleans up after a test run: whatever database and broker the run started are dropped and
 * stopped when the JUnit launcher session closes. Registered through META-INF/services.
 */
public class TestInfrastructureSession implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            TestKafka.stopIfStarted();
        } finally {
            TestDatabase.dropIfCreated();
        }
    }
}
