package io.cryptoassets.worker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * CPU time used by processes of this machine, from {@code /proc/<pid>/stat} (user plus system
 * time, fields 14 and 15, in clock ticks). Linux only, like the benchmark.
 */
final class CpuClock {

    /** {@code getconf CLK_TCK}: 100 on every Linux architecture the benchmark runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuClock() {
    }

    /** CPU seconds used so far by {@code pid}; 0 if it is gone. */
    static double seconds(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    static double seconds(Collection<Long> pids) {
        return pids.stream().mapToDouble(CpuClock::seconds).sum();
    }
}
