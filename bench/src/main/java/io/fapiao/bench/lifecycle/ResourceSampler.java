package io.fapiao.bench.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * CPU and memory of the machine and of each process of the platform (and of the generator itself)
 * over a measured window, sampled once a second from {@code /proc}: the machine's busy share from
 * {@code /proc/stat}, each process's CPU from {@code /proc/<pid>/stat} (utime + stime), its resident
 * memory from {@code /proc/<pid>/status} (VmRSS) and, for the services, the heap in use from their
 * actuator when it is exposed.
 *
 * <pre>{@code
 * ResourceSampler sampler = ResourceSampler.start(pids, heaps);
 * ... the window ...
 * ResourceFigures figures = sampler.stop();
 * }</pre>
 */
public final class ResourceSampler {
    private static final long TICKS_PER_SECOND = clockTicks();

    private final Map<String, Long> pids;
    private final Map<String, Function<String, OptionalDouble>> heaps;
    private final Map<String, ProcessAccumulator> processes = new LinkedHashMap<>();
    private final long[] machineStart;
    private final long startNanos;
    private final Thread thread;
    private volatile boolean stopping;

    private ResourceSampler(Map<String, Long> pids, Map<String, Function<String, OptionalDouble>> heaps) {
        this.pids = pids;
        this.heaps = heaps;
        pids.forEach((name, pid) -> processes.put(name, new ProcessAccumulator(cpuTicks(pid))));
        this.machineStart = machineTicks();
        this.startNanos = System.nanoTime();
        this.thread = Thread.ofPlatform().daemon().name("lifecycle-resources").start(this::loop);
    }

    /**
     * Starts sampling {@code pids} (name → pid); {@code heaps} gives, for the names that have one, how to
     * read the process's heap in bytes (called with the name; empty when not available).
     */
    public static ResourceSampler start(Map<String, Long> pids, Map<String, Function<String, OptionalDouble>> heaps) {
        return new ResourceSampler(new LinkedHashMap<>(pids), heaps);
    }

    private void loop() {
        while (!stopping) {
            sample();
            try {
                Thread.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        pids.forEach((name, pid) -> {
            ProcessAccumulator p = processes.get(name);
            rssBytes(pid).ifPresent(p::rss);
            Function<String, OptionalDouble> heap = heaps.get(name);
            if (heap != null) {
                heap.apply(name).ifPresent(p::heap);
            }
        });
    }

    /** Stops sampling and returns the window's figures. */
    public ResourceFigures stop() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long[] machineEnd = machineTicks();
        double machineBusy = busyShare(machineStart, machineEnd);
        Map<String, ResourceFigures.Process> figures = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            ProcessAccumulator p = processes.get(name);
            long ticks = cpuTicks(pid) - p.startTicks;
            double cores = p.startTicks < 0 ? Double.NaN : ticks / (double) TICKS_PER_SECOND / seconds;
            figures.put(
                    name,
                    new ResourceFigures.Process(
                            name,
                            pid,
                            cores,
                            p.maxRss,
                            p.lastRss,
                            p.heapSamples == 0 ? -1 : p.maxHeap,
                            p.heapSamples == 0 ? -1 : (long) (p.heapSum / p.heapSamples)));
        });
        return new ResourceFigures(
                Runtime.getRuntime().availableProcessors(), machineBusy, List.copyOf(figures.values()));
    }

    /** busy = all − idle − iowait, over the window, as a share of all the machine's time. */
    static double busyShare(long[] start, long[] end) {
        if (start.length < 5 || end.length < 5) {
            return Double.NaN;
        }
        long total = 0;
        for (int i = 0; i < Math.min(start.length, end.length); i++) {
            total += end[i] - start[i];
        }
        long idle = (end[3] - start[3]) + (end[4] - start[4]);
        return total <= 0 ? Double.NaN : (total - idle) / (double) total;
    }

    /** The first line of /proc/stat: user nice system idle iowait irq softirq steal (guest is inside user). */
    static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return parseCpuLine(cpu);
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    static long[] parseCpuLine(String line) {
        String[] parts = line.trim().split("\\s+");
        int n = Math.min(parts.length - 1, 8);
        long[] ticks = new long[n];
        for (int i = 0; i < n; i++) {
            ticks[i] = Long.parseLong(parts[i + 1]);
        }
        return ticks;
    }

    /** utime + stime of a process in clock ticks, or -1 when it cannot be read. */
    static long cpuTicks(long pid) {
        try {
            return parseProcessTicks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields 14 and 15 of /proc/<pid>/stat, counted after the command name (which may hold spaces). */
    static long parseProcessTicks(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after[0] is field 3 (state), so field 14 is after[11] and field 15 after[12].
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }

    static OptionalLong rssBytes(long pid) {
        try {
            return parseRss(Files.readString(Path.of("/proc/" + pid + "/status")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parseRss(String status) {
        return status.lines()
                .filter(l -> l.startsWith("VmRSS:"))
                .findFirst()
                .map(l -> OptionalLong.of(Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024))
                .orElse(OptionalLong.empty());
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static final class ProcessAccumulator {
        final long startTicks;
        volatile long maxRss;
        volatile long lastRss;
        volatile long maxHeap;
        volatile double heapSum;
        volatile int heapSamples;

        ProcessAccumulator(long startTicks) {
            this.startTicks = startTicks;
        }

        synchronized void rss(long bytes) {
            lastRss = bytes;
            maxRss = Math.max(maxRss, bytes);
        }

        synchronized void heap(double bytes) {
            maxHeap = Math.max(maxHeap, (long) bytes);
            heapSum += bytes;
            heapSamples++;
        }
    }
}
