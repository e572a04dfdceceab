package io.cryptoassets.worker.demo;

import java.io.PrintWriter;

/**
 * One line of progress rewritten in place on a terminal; on anything else (a pipe, a CI log)
 * a new line at most every few seconds and when a phase ends, so the output stays readable.
 */
final class StatusLine {

    private final PrintWriter out;
    private final boolean terminal;
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private String last = "";
    private String pending = "";
    private long lastLogged;

    StatusLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    synchronized void show(String text) {
        if (text.equals(last)) {
            return;
        }
        last = text;
        if (terminal) {
            out.print("\r\u001b[2K" + text);
        } else if (System.nanoTime() - lastLogged >= LOG_EVERY_NANOS) {
            out.println(text);
            lastLogged = System.nanoTime();
            pending = "";
        } else {
            pending = text;
            return;
        }
        out.flush();
    }

    /** Leaves the current line as it is and moves on to a fresh one. */
    synchronized void done() {
        if (terminal && !last.isEmpty()) {
            out.println();
        } else if (!pending.isEmpty()) {
            out.println(pending);
        }
        out.flush();
        last = "";
        pending = "";
        lastLogged = 0;
    }
}
