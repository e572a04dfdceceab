package io.cryptoassets.worker.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Follows a JVM's heap with {@code jstat -gc <pid> <interval>}: the highest heap in use
 * (survivors, eden and old generation) at any sample, the highest old generation, and the
 * collections. jstat reads the JVM's own counters, so the worker needs no agent or JMX port.
 */
final class HeapSampler implements AutoCloseable {

    private static final List<String> USED = List.of("S0U", "S1U", "EU", "OU");

    private final Process jstat;
    private final Thread reader;
    private volatile double peakUsedKb;
    private volatile double peakOldKb;
    private volatile double youngCollections;
    private volatile double fullCollections;
    private volatile double collectionSeconds;

    HeapSampler(long pid, int intervalMillis) {
        Path bin = Path.of(System.getProperty("java.home"), "bin", "jstat");
        try {
            jstat = new ProcessBuilder(bin.toString(), "-gc", Long.toString(pid), Integer.toString(intervalMillis))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + bin, e);
        }
        reader = new Thread(this::read, "bench-jstat");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                List<String> fields = Arrays.asList(line.trim().split("\\s+"));
                if (fields.contains("EU")) {
                    header = fields;
                } else if (header != null && fields.size() == header.size()) {
                    sample(header, fields);
                }
            }
        } catch (IOException e) {
            // jstat is gone (the worker stopped, or close() ended it): the samples so far stand.
        }
    }

    private void sample(List<String> header, List<String> fields) {
        double used = USED.stream().mapToDouble(column -> value(header, fields, column)).sum();
        peakUsedKb = Math.max(peakUsedKb, used);
        peakOldKb = Math.max(peakOldKb, value(header, fields, "OU"));
        youngCollections = value(header, fields, "YGC");
        fullCollections = value(header, fields, "FGC");
        collectionSeconds = value(header, fields, "GCT");
    }

    private static double value(List<String> header, List<String> fields, String column) {
        return Double.parseDouble(fields.get(header.indexOf(column)));
    }

    /** What the samples showed, in MB and counts since the JVM started. */
    record Heap(double peakUsedMb, double peakOldMb, long youngCollections, long fullCollections,
                double collectionSeconds) {
    }

    Heap heap() {
        return new Heap(peakUsedKb / 1024, peakOldKb / 1024, (long) youngCollections, (long) fullCollections,
                collectionSeconds);
    }

    @Override
    public void close() throws InterruptedException {
        jstat.destroy();
        reader.join(5_000);
    }
}
