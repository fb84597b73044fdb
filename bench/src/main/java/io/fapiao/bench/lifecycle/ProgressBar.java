package io.fapiao.bench.lifecycle;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A one-line progress bar on stderr, redrawn four times a second while a run lasts: elapsed time
 * against the run's length (warm-up, window, drain) and the counts the supplier gives. When stderr is
 * not a terminal it prints a plain line every five seconds instead, so logs stay readable.
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBar.start("closed 16", totalSeconds, () -> "issued 120")) { ... }
 * }</pre>
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final double totalSeconds;
    private final Supplier<String> counts;
    private final long start = System.nanoTime();
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean closed;

    private ProgressBar(PrintStream out, String label, double totalSeconds, Supplier<String> counts, boolean terminal) {
        this.out = out;
        this.label = label;
        this.totalSeconds = totalSeconds;
        this.counts = counts;
        this.terminal = terminal;
        this.thread = Thread.ofPlatform().daemon().name("lifecycle-progress").start(this::loop);
    }

    public static ProgressBar start(String label, double totalSeconds, Supplier<String> counts) {
        return new ProgressBar(System.err, label, totalSeconds, counts, System.console() != null);
    }

    private void loop() {
        long every = terminal ? 250 : 5000;
        while (!closed) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            draw(false);
        }
    }

    /** The line for {@code elapsed} seconds; a test checks its shape. */
    static String line(String label, double elapsed, double total, String counts) {
        double share = total <= 0 ? 1 : Math.min(1, elapsed / total);
        int filled = (int) Math.round(share * WIDTH);
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %5.1f/%.0f s  %s",
                label,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                elapsed,
                total,
                counts);
    }

    private synchronized void draw(boolean last) {
        String text = line(label, (System.nanoTime() - start) / 1e9, totalSeconds, counts.get());
        if (terminal) {
            out.print("\r" + text + "\u001b[K" + (last ? "\n" : ""));
        } else {
            out.println(text);
        }
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw(true);
    }
}
