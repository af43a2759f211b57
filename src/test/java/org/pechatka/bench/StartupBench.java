package org.pechatka.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.TrayHost;

/**
 * The start-up benchmark: how long the packaged application ({@code bin/pechatka}, a child process)
 * takes from its start to the line {@code listening on https://127.0.0.1:<port>} and to
 * {@code ui ready: …} (the tray or status window visible), against the same launcher running a
 * trivial command ({@code pechatka version}: the same JVM, classpath and flags) in the same run; and
 * its resident memory ({@code VmRSS}) idle after start and after many real protocol requests over WSS.
 *
 * <p>Every start is a warm start: a first run, not counted, creates the installation's keys (and,
 * where the launcher makes one, the ahead-of-time cache). The variants are interleaved run by run
 * (the order rotates) so drift on a shared machine hits them alike; each is reported as p50, min and
 * max, and against the baseline as the median of the per-run ratios. The launcher's
 * {@code PECHATKA_AOT=off} gives the same start without the AOT cache, measured alongside.
 *
 * <p>Requests for the memory figures need no person: {@code app.info} and {@code tokens.list}
 * (PROTOCOL.md 2.1), from a page of an origin trusted for the run ({@code --allow-origin}), 100
 * requests per connection so connections come and go as they do when a person moves between pages.
 * {@code jcmd GC.run} then shows what a full collection gives back.
 *
 * <p>No figure here is asserted anywhere: they go into {@code docs/performance.md};
 * {@code StartupBenchIT} only checks that a short run works. Needs a display (the app shows its
 * dialogs with JavaFX): {@code bin/bench --startup} runs it under Xvfb when {@code DISPLAY} is unset.
 *
 * <pre>
 * bin/bench --startup           # full run, about 3 minutes
 * bin/bench --startup --smoke   # a short run that only shows it works
 * </pre>
 *
 * Options: {@code --smoke}, {@code --runs N} (timed starts per variant), {@code --requests N} (per
 * round of requests), {@code --request-rounds N}, {@code --launcher PATH},
 * {@code --variant 'LABEL=JVM OPTIONS'} (repeatable: one more start variant, its options given to
 * the launcher through {@code PECHATKA_JAVA_OPTIONS}, after its own, to compare flags in one run).
 */
public final class StartupBench {

    static final String ORIGIN = "https://startup-bench.test";
    static final String LISTENING = "listening on https://127.0.0.1:";
    static final String UI_READY = "ui ready: ";
    private static final int REQUESTS_PER_CONNECTION = 100;

    /**
     * What to run.
     *
     * @param smoke         a short run that only shows the benchmark works
     * @param runs          timed starts per variant (the first, untimed start comes on top)
     * @param requests      protocol requests per round of the memory measurement
     * @param requestRounds rounds of requests, each followed by a full GC
     * @param settle        how long a started app idles before its memory is read
     * @param launcher      the application's launcher ({@code bin/pechatka})
     * @param variants      extra start variants: label to JVM options
     */
    record Options(boolean smoke, int runs, int requests, int requestRounds, Duration settle, Path launcher,
            Map<String, String> variants) {

        static Options parse(String[] args) {
            boolean smoke = List.of(args).contains("--smoke");
            int runs = smoke ? 2 : 10;
            int requests = smoke ? 200 : 10_000;
            int rounds = smoke ? 2 : 3;
            Duration settle = smoke ? Duration.ofMillis(500) : Duration.ofSeconds(3);
            Path launcher = Path.of("bin", "pechatka");
            Map<String, String> variants = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> { }
                    case "--runs" -> runs = positive(args, ++i);
                    case "--requests" -> requests = positive(args, ++i);
                    case "--request-rounds" -> rounds = positive(args, ++i);
                    case "--launcher" -> launcher = Path.of(value(args, ++i));
                    case "--variant" -> {
                        String v = value(args, ++i);
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--variant LABEL=JVM OPTIONS, not " + v);
                        }
                        variants.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; see the class comment");
                }
            }
            return new Options(smoke, runs, requests, rounds, settle, launcher.toAbsolutePath(), variants);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static int positive(String[] args, int i) {
            int n = Integer.parseInt(value(args, i));
            if (n <= 0) {
                throw new IllegalArgumentException(args[i - 1] + " must be positive");
            }
            return n;
        }
    }

    /** One way of starting the app, timed run by run. */
    private record Variant(String label, List<String> args, Map<String, String> env, Predicate<String> readyLine) {}

    /** Times (ms) and resident sizes (KiB) of one variant. */
    private static final class Figures {
        final List<Double> millis = new ArrayList<>();
        final List<Double> rssKib = new ArrayList<>();
        String commandLine;
        String line;

        double[] ms() {
            return millis.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private final Options options;
    private final PrintStream out;

    StartupBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        int code;
        try {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            new StartupBench(Options.parse(args), out).run();
            code = 0;
        } catch (IllegalArgumentException e) {
            System.err.println("StartupBench: " + e.getMessage());
            code = 2;
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.exit(code); // the HTTP client's threads must not keep the JVM
    }

    void run() throws Exception {
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            throw new IllegalArgumentException("no DISPLAY: the app needs one for its dialogs; run under xvfb-run"
                    + " (bin/bench --startup does)");
        }
        if (!Files.isExecutable(options.launcher())) {
            throw new IllegalArgumentException(options.launcher() + " is not an executable launcher");
        }
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        Path base = Path.of(System.getProperty("pechatka.test.tmp", "target/tmp"));
        Files.createDirectories(base);
        Path work = Files.createTempDirectory(base.toAbsolutePath(), "startup-bench-");
        // a real system tray on the display, as on a desktop (without one the app shows its status window)
        TrayHost tray = onPath("trayer") ? TrayHost.start() : null;
        try {
            out.println(tray != null ? "System tray: trayer on " + System.getenv("DISPLAY")
                    : "System tray: none (trayer is not installed): the app shows its status window instead");
            run(work.resolve("data"));
        } finally {
            if (tray != null) {
                tray.close();
            }
            deleteTree(work);
        }
        out.printf(Locale.ROOT, "%nThe run took %.0f s; load average (1 min) at its start %s, at its end %s%n",
                (System.nanoTime() - started) / 1e9, loadBefore, loadAverage());
    }

    private void run(Path dataDir) throws Exception {
        out.printf("Start-up of %s: %d timed starts per variant after one untimed first start, interleaved (the"
                + " order rotates every run); %s%n", options.launcher(), options.runs(), machine());
        List<String> app = List.of("--data-dir", dataDir.toString(), "--port", "0");
        List<String> noTray = new ArrayList<>(app);
        noTray.add("--no-tray");

        // the first start creates the local CA and keys (and the launcher's AOT cache): not timed
        Figures first = new Figures();
        start(new Variant("first start", noTray, Map.of(), l -> l.startsWith(LISTENING)), first, Duration.ofMinutes(3));
        out.printf(Locale.ROOT, "First start (creates the installation's keys, and the launcher's AOT cache when"
                + " it has none), not counted: %.0f ms to listening%n", first.millis.getFirst());

        Variant tray = new Variant("ui ready (tray icon or status window shown)", app, Map.of(),
                l -> l.startsWith(UI_READY));
        Figures trayProbe = new Figures();
        boolean trayLine = start(tray, trayProbe, Duration.ofSeconds(30));
        if (!trayLine) {
            out.printf("ui ready: not yet available (the app printed no \"%s…\" line within 30 s)%n", UI_READY);
        } else {
            out.printf("ui ready line: %s%n", trayProbe.line);
        }

        List<Variant> variants = new ArrayList<>();
        Variant baseline = new Variant("`pechatka version` (baseline: same JVM, classpath and flags)",
                List.of("version"), Map.of(), l -> l.startsWith("Pechatka "));
        variants.add(baseline);
        variants.add(new Variant("listening (`--no-tray`)", noTray, Map.of(), l -> l.startsWith(LISTENING)));
        variants.add(new Variant("listening without the AOT cache (`PECHATKA_AOT=off`)", noTray,
                Map.of("PECHATKA_AOT", "off"), l -> l.startsWith(LISTENING)));
        for (Map.Entry<String, String> v : options.variants().entrySet()) {
            variants.add(new Variant("listening, " + v.getKey() + " (`" + v.getValue() + "`)", noTray,
                    Map.of("PECHATKA_JAVA_OPTIONS", v.getValue()), l -> l.startsWith(LISTENING)));
        }
        if (trayLine) {
            variants.add(tray);
        }
        Map<Variant, Figures> figures = new LinkedHashMap<>();
        variants.forEach(v -> figures.put(v, new Figures()));
        for (int r = 0; r < options.runs(); r++) {
            for (Variant v : EndToEndBench.order(variants, r)) {
                if (!start(v, figures.get(v), Duration.ofMinutes(1))) {
                    throw new IllegalStateException(v.label() + ": no ready line within a minute");
                }
            }
        }
        out.printf("%nTime from starting the launcher to the line, and VmRSS %d ms after it (p50 of the runs)%n",
                options.settle().toMillis());
        out.println("| start | p50 | min | max | / baseline | VmRSS |");
        out.println("|---|---|---|---|---|---|");
        Figures base = figures.get(baseline);
        for (Map.Entry<Variant, Figures> e : figures.entrySet()) {
            double[] ms = e.getValue().ms();
            double[] ratios = new double[ms.length];
            for (int r = 0; r < ms.length; r++) {
                ratios[r] = ms[r] / base.millis.get(r);
            }
            double[] rss = e.getValue().rssKib.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue)
                    .toArray();
            out.printf(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms | %.2f | %s |%n", e.getKey().label(),
                    EndToEndBench.percentile(ms, 50), min(ms), max(ms), EndToEndBench.percentile(ratios, 50),
                    rss.length == 0 ? "ended" : String.format(Locale.ROOT, "%.1f MB",
                            EndToEndBench.percentile(rss, 50) / 1024));
        }
        if (!trayLine) {
            out.println("| ui ready (tray icon or status window shown) | not yet available | | | | |");
        }
        out.println();
        for (Map.Entry<Variant, Figures> e : figures.entrySet()) {
            out.printf("JVM of \"%s\": %s%n", e.getKey().label(), e.getValue().commandLine);
        }
        out.flush();

        memory(dataDir, trayLine ? app : noTray);
    }

    /**
     * Starts the app once, times the line {@code v} waits for, reads its VmRSS after the settle time
     * and stops it. Returns false when the line did not come within {@code limit}.
     */
    private boolean start(Variant v, Figures into, Duration limit) throws Exception {
        try (Child child = Child.start(options.launcher(), v.args(), v.env())) {
            Optional<Long> at = child.await(v.readyLine(), limit);
            if (at.isEmpty()) {
                if (!child.process.isAlive() && child.process.exitValue() != 0) {
                    throw new IllegalStateException(v.label() + ": the app ended with " + child.process.exitValue()
                            + ":\n" + child.output());
                }
                return false;
            }
            into.millis.add(at.get() / 1e6);
            if (into.commandLine == null) {
                into.commandLine = child.commandLine();
                into.line = child.line(v.readyLine());
            }
            if (child.process.isAlive()) {
                Thread.sleep(options.settle());
            }
            try {
                into.rssKib.add((double) child.rssKib());
            } catch (java.nio.file.NoSuchFileException ended) {
                into.rssKib.add(Double.NaN); // `version` is done by then
            }
            return true;
        }
    }

    /** VmRSS idle after start and after rounds of requests over WSS, each followed by a full GC. */
    private void memory(Path dataDir, List<String> args) throws Exception {
        List<String> trusted = new ArrayList<>(args);
        trusted.addAll(List.of("--allow-origin", ORIGIN));
        Duration idle = options.smoke() ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        out.printf("%nMemory: the app started as `pechatka %s`%n", String.join(" ", trusted).replace(dataDir.toString(),
                "…"));
        out.printf("idle %d s, then rounds of %,d requests without the person (app.info and tokens.list alternately,"
                + " %d per connection, one connection at a time); VmRSS from /proc/<pid>/status, full GC by"
                + " `jcmd <pid> GC.run`%n", idle.toSeconds(), options.requests(), REQUESTS_PER_CONNECTION);
        out.println("| moment | VmRSS | requests/s |");
        out.println("|---|---|---|");
        try (Child child = Child.start(options.launcher(), trusted, Map.of())) {
            Optional<Long> at = child.await(l -> l.startsWith(LISTENING), Duration.ofMinutes(1));
            if (at.isEmpty()) {
                throw new IllegalStateException("the app did not start:\n" + child.output());
            }
            int port = Integer.parseInt(child.line(l -> l.startsWith(LISTENING)).substring(LISTENING.length()).strip());
            Thread.sleep(idle);
            row("idle, " + idle.toSeconds() + " s after listening", child.rssKib(), null);
            child.fullGc();
            row("idle, after a full GC", child.rssKib(), null);
            HttpClient http = HttpClient.newBuilder()
                    .sslContext(Endpoint.trusting(LocalTls.loadOrCreate(dataDir, Clock.systemUTC()).caCertificate()))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            URI ws = URI.create("wss://127.0.0.1:" + port + "/v1/ws");
            int total = 0;
            int tokens = -1;
            for (int round = 0; round < options.requestRounds(); round++) {
                long t0 = System.nanoTime();
                tokens = requests(http, ws, options.requests());
                double rate = options.requests() / ((System.nanoTime() - t0) / 1e9);
                total += options.requests();
                row(String.format(Locale.ROOT, "after %,d requests", total), child.rssKib(), rate);
                child.fullGc();
                row(String.format(Locale.ROOT, "after %,d requests and a full GC", total), child.rssKib(), null);
            }
            out.printf("tokens.list answered %d token(s) on this machine%n", tokens);
        }
        out.flush();
    }

    private void row(String moment, long rssKib, Double rate) {
        out.printf(Locale.ROOT, "| %s | %.1f MB | %s |%n", moment, rssKib / 1024.0,
                rate == null ? "" : String.format(Locale.ROOT, "%.0f", rate));
        out.flush();
    }

    /** {@code n} requests, each answer checked; returns the number of tokens in the last listing. */
    private static int requests(HttpClient http, URI ws, int n) throws Exception {
        int tokens = -1;
        int sent = 0;
        while (sent < n) {
            Endpoint.Client client = Endpoint.connect(http, ws, ORIGIN);
            try {
                for (int i = 0; i < REQUESTS_PER_CONNECTION && sent < n; i++, sent++) {
                    String method = sent % 2 == 0 ? "app.info" : "tokens.list";
                    JsonNode result = EndToEndBench.ok(client.call(method, null), method);
                    if (method.equals("tokens.list")) {
                        tokens = result.get("tokens").size();
                    }
                }
            } finally {
                client.close();
                // the per-origin connection limit: wait until the server has let this one go
                client.closed().get(10, TimeUnit.SECONDS);
            }
        }
        return tokens;
    }

    /** The application as a child process, its output read line by line with arrival times. */
    private static final class Child implements AutoCloseable {
        private record Line(long nanos, String text) {}

        final Process process;
        private final long started;
        private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        private Child(Process process, long started) {
            this.process = process;
            this.started = started;
        }

        static Child start(Path launcher, List<String> args, Map<String, String> env) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(launcher.toString());
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Child c = new Child(pb.start(), t0);
            c.read(c.process.getInputStream(), true);
            c.read(c.process.getErrorStream(), false);
            return c;
        }

        private void read(InputStream in, boolean timed) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        long now = System.nanoTime();
                        seen.add(l);
                        if (timed) {
                            lines.add(new Line(now - started, l));
                        }
                    }
                } catch (IOException e) {
                    seen.add("(output lost: " + e + ")");
                }
            }, "startup-bench-output");
            t.setDaemon(true);
            t.start();
        }

        /** Nanoseconds from start to the first standard-output line that matches, if it comes in time. */
        Optional<Long> await(Predicate<String> wanted, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Line l = lines.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))),
                        TimeUnit.NANOSECONDS);
                if (l != null && wanted.test(l.text())) {
                    return Optional.of(l.nanos());
                }
                if (l == null && (left <= 0 || !process.isAlive() && lines.isEmpty())) {
                    return Optional.empty();
                }
            }
        }

        String line(Predicate<String> wanted) {
            synchronized (seen) {
                return seen.stream().filter(wanted).findFirst().orElseThrow();
            }
        }

        String output() {
            synchronized (seen) {
                return String.join("\n", seen);
            }
        }

        long rssKib() throws IOException {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.substring(6).replace("kB", "").strip());
                }
            }
            throw new IOException("no VmRSS for " + process.pid());
        }

        /** The JVM's command line (the launcher execs it), as /proc shows it. */
        String commandLine() {
            try {
                byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
                String[] parts = new String(raw, StandardCharsets.UTF_8).split("\0");
                List<String> shown = new ArrayList<>();
                for (String p : parts) {
                    if (p.startsWith("--data-dir") || shown.size() > 0 && shown.getLast().equals("--data-dir")) {
                        shown.add(p.startsWith("--") ? p : "…");
                    } else {
                        shown.add(p);
                    }
                }
                return String.join(" ", shown);
            } catch (IOException e) {
                return "(ended)";
            }
        }

        void fullGc() throws IOException, InterruptedException {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                    .redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("jcmd GC.run failed: " + said);
            }
            Thread.sleep(500);
        }

        /** Stops the app as a logout would (SIGTERM: its shutdown hooks run) and waits for it. */
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** Cores, CPU model, memory and JDK, for the record. */
    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // keep "unknown"
        }
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GB, bench JVM %s", Runtime.getRuntime()
                .availableProcessors(), cpu, totalMemoryGb(), System.getProperty("java.runtime.version"));
    }

    private static double totalMemoryGb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.substring(9).replace("kB", "").strip()) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return Double.NaN;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
