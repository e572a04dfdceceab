package io.cryptoassets.worker.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An integration test that takes a minute or more (processes killed and restarted, worker JVMs
 * started per command, timeouts waited out). Left out of {@code mvn -B verify} so the default
 * suite stays well under fifteen minutes; {@code mvn -B verify -Plong-tests} runs them with the
 * rest, and {@code infra/bench/kill-workers} runs the kill-the-workers test alone.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(LongTest.TAG)
public @interface LongTest {

    /** The JUnit tag, named in the build's {@code it.excludedGroups}. */
    String TAG = "long";
}
