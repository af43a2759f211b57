package org.pechatka.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.config.AdminPolicy;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.protocol.Connection;
import org.pechatka.protocol.ProtocolService;
import org.pechatka.sign.AuthTokenSigner;
import org.pechatka.sign.CmsContent;
import org.pechatka.sign.CmsSigner;
import org.pechatka.testing.Endpoint;
import org.pechatka.testing.ScriptedPrompter;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinSource;
import org.pechatka.token.SignInput;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;
import org.pechatka.token.pkcs11.Pkcs11Provider;
import org.pechatka.token.pkcs11.RawPkcs11Baseline;

/**
 * The end-to-end benchmark: {@code sign.cms} and {@code auth.authenticate} round trips over WSS
 * against the raw token signing time, in one run, for RSA-2048 and EC P-256, on one connection and
 * on 16 parallel connections; and, where Node is installed, the engine of Fortify
 * (node-webcrypto-p11, {@code src/test/node/fortify-baseline}) on the same token as the peer
 * baseline.
 *
 * <p>It lives in test scope because every signing request needs the person (confirmation + PIN):
 * here the scripted person of the tests answers at once ({@link ScriptedPrompter}); the product has
 * no switch that answers dialogs by itself. Everything else is real: Jetty with TLS on loopback, the
 * protocol service, the token layer, a SoftHSM2 token filled by {@code pkcs11-tool}, the JDK's
 * WebSocket client as the page.
 *
 * <p>Paths are interleaved round by round (the order rotates and reverses every round) so drift on a
 * noisy machine hits them alike; figures are medians (p50) and p99 of the individual calls, and
 * ratios are medians of per-round ratios. No figure here is asserted anywhere: the numbers go into
 * {@code docs/performance.md}; {@code EndToEndBenchIT} only checks that a short run works.
 *
 * <pre>
 * bin/bench                 # token layer bench + this one, full
 * bin/bench --e2e --smoke   # this one, a few seconds
 * </pre>
 *
 * Options: {@code --smoke}, {@code --rounds N}, {@code --requests N} (per path and key on one
 * connection), {@code --parallel-rounds N}, {@code --batch N} (items per sign.batch),
 * {@code --batches N} (batches per connection and round), {@code --info N} (non-interactive requests
 * per connection and round), {@code --no-fortify}, {@code --fortify-dir DIR}.
 */
public final class EndToEndBench {

    /** The origin of the single connection. */
    static final String PORTAL = "https://portal.test";
    /** The origins of the 16 parallel connections: 4 each, the protocol's per-origin limit. */
    static final List<String> PARALLEL_ORIGINS = List.of("https://a.portal.test", "https://b.portal.test",
            "https://c.portal.test", "https://d.portal.test");
    static final int PARALLEL = 16;
    static final String TOKEN_LABEL = "Pechatka E2E";
    static final String SKIPPED_NO_NODE = "Fortify baseline: skipped (node not installed)";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DOCUMENT = "Заява на атрыманне даведкі: невялікі дакумент для подпісу (benchmark)."
            .getBytes(StandardCharsets.UTF_8);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(1);

    /**
     * What to run.
     *
     * @param smoke          a short run that only shows the benchmark works
     * @param rounds         interleaved rounds on one connection
     * @param perRound       calls per path, key and round on one connection
     * @param warmup         untimed calls per path and key first
     * @param parallelRounds interleaved rounds of the 16-connection measurements
     * @param batchItems     documents per {@code sign.batch}
     * @param batches        batches per connection and round
     * @param info           non-interactive requests per connection and round
     * @param fortify        whether to time Fortify's engine when Node is there
     * @param fortifyDir     the Node package of the Fortify baseline
     */
    record Options(boolean smoke, int rounds, int perRound, int warmup, int parallelRounds, int batchItems,
            int batches, int info, boolean fortify, Path fortifyDir) {

        static Options fullRun() {
            return new Options(false, 20, 50, 200, 7, 10, 2, 100, true, Path.of("src/test/node/fortify-baseline"));
        }

        static Options smokeRun() {
            return new Options(true, 2, 5, 5, 2, 2, 1, 5, true, Path.of("src/test/node/fortify-baseline"));
        }

        static Options parse(String[] args) {
            Options o = Arrays.asList(args).contains("--smoke") ? smokeRun() : fullRun();
            int rounds = o.rounds;
            int requests = 0;
            int parallelRounds = o.parallelRounds;
            int batchItems = o.batchItems;
            int batches = o.batches;
            int info = o.info;
            boolean fortify = o.fortify;
            Path dir = o.fortifyDir;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--smoke" -> { }
                    case "--no-fortify" -> fortify = false;
                    case "--rounds" -> rounds = positive(args, ++i, a);
                    case "--requests" -> requests = positive(args, ++i, a);
                    case "--parallel-rounds" -> parallelRounds = positive(args, ++i, a);
                    case "--batch" -> batchItems = positive(args, ++i, a);
                    case "--batches" -> batches = positive(args, ++i, a);
                    case "--info" -> info = positive(args, ++i, a);
                    case "--fortify-dir" -> dir = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a + "; see the class comment");
                }
            }
            int perRound = requests > 0 ? Math.max(1, requests / rounds) : o.perRound;
            if (batchItems > 1000) {
                throw new IllegalArgumentException("--batch: the protocol allows at most 1000 items");
            }
            return new Options(o.smoke, rounds, perRound, o.smoke ? o.warmup : Math.max(o.warmup, perRound),
                    parallelRounds, batchItems, batches, info, fortify, dir);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String[] args, int i, String option) {
            int n = Integer.parseInt(value(args, i, option));
            if (n <= 0) {
                throw new IllegalArgumentException(option + " must be positive");
            }
            return n;
        }
    }

    /** A key under test, with its certificate on the token. */
    record Key(String name, String nodeName, String idHex, X509Certificate certificate, String certId, long mechanism,
            byte[] rawInput, SignatureAlgorithm algorithm, String jcaAuthAlgorithm) {

        byte[] id() {
            return HexFormat.of().parseHex(idHex);
        }

        KeyRef ref() {
            return new KeyRef(id(), SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()));
        }
    }

    /** Individually timed calls, kept per round. */
    static final class Series {
        private final List<double[]> rounds = new ArrayList<>();

        void add(double[] millis) {
            rounds.add(millis);
        }

        double[] all() {
            return rounds.stream().flatMapToDouble(Arrays::stream).toArray();
        }

        double p50() {
            return percentile(all(), 50);
        }

        double p99() {
            return percentile(all(), 99);
        }

        double roundMedian(int r) {
            return percentile(rounds.get(r), 50);
        }

        /** The median over rounds of this series' round median divided by {@code base}'s. */
        double ratioTo(Series base) {
            double[] ratios = new double[rounds.size()];
            for (int r = 0; r < ratios.length; r++) {
                ratios[r] = roundMedian(r) / base.roundMedian(r);
            }
            return percentile(ratios, 50);
        }
    }

    /** The timed paths on one connection. */
    enum Timed {
        RAW("raw token signature (C_SignInit + C_Sign)"),
        CMS("sign.cms over WSS"),
        AUTH("auth.authenticate over WSS"),
        FORTIFY("Fortify engine: subtle.sign in Node, no transport");

        final String label;

        Timed(String label) {
            this.label = label;
        }
    }

    private final Options options;
    private final PrintStream out;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<String> wanted = new AtomicReference<>();
    private final ScriptedPrompter person = new ScriptedPrompter()
            .choosing(list -> list.stream().filter(c -> c.certId().equals(wanted.get())).findFirst().orElse(null));

    EndToEndBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        int code;
        try {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            new EndToEndBench(Options.parse(args), out).run();
            code = 0;
        } catch (IllegalArgumentException e) {
            System.err.println("EndToEndBench: " + e.getMessage());
            code = 2;
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.exit(code); // Jetty's and the HTTP clients' threads must not keep the JVM
    }

    void run() throws Exception {
        quietLogging();
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        Path base = Path.of(System.getProperty("pechatka.test.tmp", "target/tmp"));
        Files.createDirectories(base);
        Path work = Files.createTempDirectory(base.toAbsolutePath(), "e2e-bench-");
        try {
            run(work);
        } finally {
            deleteTree(work);
        }
        out.printf(Locale.ROOT, "%nThe run took %.0f s; load average (1 min) at its start %s, at its end %s%n",
                (System.nanoTime() - started) / 1e9, loadBefore, loadAverage());
    }

    /** The 1-minute load average (Linux), to tell a quiet machine from a busy one. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void run(Path work) throws Exception {
        // the token: keys by pkcs11-tool, certificates from a Bouncy Castle CA, as the tests make them
        SoftHsm hsm = SoftHsm.create(work.resolve("hsm"), TOKEN_LABEL);
        TestCa ca = TestCa.create("Pechatka Bench CA");
        Key rsa = key(hsm, ca, "RSA-2048", "rsa", "e1", "rsa:2048", RawPkcs11Baseline.CKM_RSA_PKCS,
                SignatureAlgorithms.SHA256_RSA, "SHA256withRSA");
        Key ec = key(hsm, ca, "EC P-256", "ec", "e2", "EC:prime256v1", RawPkcs11Baseline.CKM_ECDSA,
                SignatureAlgorithms.SHA256_ECDSA, "SHA256withECDSAinP1363Format");
        hsm.writeCertificate(ca.caCertificate(), null, "Pechatka Bench CA");
        List<Key> keys = List.of(rsa, ec);

        hsm.activateInProcess();
        Fortify fortify = null;
        try {
            if (options.fortify()) {
                fortify = Fortify.start(options.fortifyDir(), work, hsm, keys, out);
            } else {
                out.println("Fortify baseline: skipped (--no-fortify)");
            }
            // as shipped (the PIN asked and C_Login for every request), then with the admin policy's PIN
            // cache; each against the raw token measured interleaved in the same phase
            for (PinMode mode : PinMode.values()) {
                phase(mode, work, hsm, ca, keys, fortify);
            }
        } finally {
            if (fortify != null) {
                fortify.close();
            }
        }
    }

    /** Whether the endpoint asks the PIN (and logs in) for every request. */
    enum PinMode {
        PER_REQUEST("PIN per request (the default: C_Login and C_Logout around every request)", Duration.ZERO),
        CACHED("admin policy pinCacheMinutes 5 (the first request logs in; later ones reuse the login)",
                Duration.ofMinutes(5));

        final String label;
        final Duration pinCache;

        PinMode(String label, Duration pinCache) {
            this.label = label;
            this.pinCache = pinCache;
        }
    }

    private void phase(PinMode mode, Path work, SoftHsm hsm, TestCa ca, List<Key> keys, Fortify fortify)
            throws Exception {
        Pkcs11Provider provider = Pkcs11Provider.load(SoftHsm.library().toString(),
                Pkcs11Provider.Options.DEFAULT.withPinCache(mode.pinCache));
        if (!provider.status().loaded()) {
            throw new IllegalStateException("SoftHSM2 did not load: " + provider.status().description());
        }
        List<String> origins = new ArrayList<>(List.of(PORTAL));
        origins.addAll(PARALLEL_ORIGINS);
        Path data = Files.createDirectories(work.resolve("data-" + mode.name().toLowerCase(Locale.ROOT)));
        try (Endpoint endpoint = Endpoint.start(data, List.of(provider), person, new Endpoint.Options(origins,
                AdminPolicy.MAX_MESSAGE_BYTES, 32, 4, Duration.ofSeconds(120), true, Clock.systemUTC(),
                List.of(ca.caCertificate())))) {
            Token token = null;
            for (Token t : provider.tokens()) {
                if (t.info().label().equals(TOKEN_LABEL)) {
                    token = t;
                }
            }
            if (token == null) {
                throw new IllegalStateException("the benchmark token is not listed");
            }
            out.printf(Locale.ROOT, "%n## %s%n%nPechatka end-to-end benchmark: %s, %d CPUs, Java %s, %s%n",
                    mode.label, provider.status().description(), Runtime.getRuntime().availableProcessors(),
                    Runtime.version(), options.smoke() ? "smoke run (figures mean nothing)" : "full run");
            out.printf("Endpoint: Jetty %s, TLS on 127.0.0.1:%d, JDK WebSocket client as the page, the scripted"
                    + " person answering every dialog at once (confirmation + PIN)%n",
                    org.eclipse.jetty.util.Jetty.VERSION, endpoint.port());
            // the person gives both certificates to every site (certificates.select)
            for (String origin : origins) {
                try (Endpoint.Client c = endpoint.connect(origin)) {
                    for (Key k : keys) {
                        wanted.set(k.certId());
                        JsonNode r = ok(c.call("certificates.select", Map.of("purpose", "sign")), "select");
                        if (!r.get("certId").asText().equals(k.certId())) {
                            throw new IllegalStateException("the picker chose another certificate");
                        }
                    }
                }
            }
            Map<Key, Map<Timed, Series>> single = new LinkedHashMap<>();
            try (Endpoint.Client client = endpoint.connect(PORTAL)) {
                for (Key k : keys) {
                    verifyOnce(client, k);
                }
                out.printf("%nOne connection: %d calls per path and key in %d interleaved rounds (order rotated and"
                        + " reversed every round), after %d untimed; a %d-byte document (sign.cms, detached) and a"
                        + " 44-character nonce (auth.authenticate); time per call%n",
                        options.rounds() * options.perRound(), options.rounds(), options.warmup(), DOCUMENT.length);
                int pinsBefore = person.shown("pin").size();
                for (Key k : keys) {
                    single.put(k, singleConnection(client, token, k, fortify));
                }
                out.printf("PIN dialogs answered by the person in the timed and untimed calls: %d%n",
                        person.shown("pin").size() - pinsBefore);
            }
            printSingle(single, fortify != null);
            printTargets(single.get(keys.get(0)), single.get(keys.get(1)), fortify != null, mode);

            List<Endpoint.Client> clients = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
            try {
                for (int i = 0; i < PARALLEL; i++) {
                    clients.add(endpoint.connect(PARALLEL_ORIGINS.get(i % PARALLEL_ORIGINS.size())));
                }
                parallelSigning(clients, pool, token, keys);
                if (mode == PinMode.PER_REQUEST) {
                    parallelInfo(clients, pool);
                }
            } finally {
                clients.forEach(Endpoint.Client::close);
                pool.shutdownNow();
            }
            breakdown(endpoint, token, keys, ca, mode);
        } finally {
            provider.close();
        }
    }

    private static Key key(SoftHsm hsm, TestCa ca, String name, String nodeName, String idHex, String type,
            long mechanism, SignatureAlgorithm algorithm, String jcaAuth) throws Exception {
        SubjectPublicKeyInfo spki = hsm.generateKey(type, idHex, "bench " + nodeName, false);
        X509Certificate cert = ca.issue(spki, nodeName.equals("rsa") ? TestSubjects.belarusCitizen()
                : TestSubjects.russianCitizen());
        hsm.writeCertificate(cert, idHex, "bench " + nodeName);
        byte[] digest = HashAlgorithm.SHA_256.digest(DOCUMENT);
        byte[] rawInput = mechanism == RawPkcs11Baseline.CKM_RSA_PKCS ? HashAlgorithm.SHA_256.digestInfo(digest)
                : digest;
        return new Key(name, nodeName, idHex, cert, TokenCertificate.certId(cert), mechanism, rawInput, algorithm,
                jcaAuth);
    }

    // ---- one connection ----------------------------------------------------------------------------

    private Map<String, Object> cmsParams(Key k) {
        return Map.of("certId", k.certId(), "documentName", "zayava.txt", "detached", true,
                "data", Base64.getEncoder().encodeToString(DOCUMENT));
    }

    private String nonce() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b); // 44 characters, as portals send
    }

    /** Checks once, untimed, that the round trips produce signatures that verify. */
    private void verifyOnce(Endpoint.Client client, Key k) throws Exception {
        JsonNode cmsAnswer = client.call("sign.cms", cmsParams(k));
        JsonNode cms = ok(cmsAnswer, "sign.cms");
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(DOCUMENT),
                Base64.getDecoder().decode(cms.get("cms").asText()));
        if (!signed.getSignerInfos().getSigners().iterator().next().verify(new JcaSimpleSignerInfoVerifierBuilder()
                .setProvider(Bc.PROVIDER).build(k.certificate()))) {
            throw new IllegalStateException("the CMS signature does not verify");
        }
        wanted.set(k.certId());
        String nonce = nonce();
        JsonNode auth = ok(client.call("auth.authenticate", Map.of("challengeNonce", nonce)), "auth.authenticate")
                .get("authToken");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] originHash = sha.digest(PORTAL.getBytes(StandardCharsets.US_ASCII));
        byte[] nonceHash = sha.digest(nonce.getBytes(StandardCharsets.US_ASCII));
        Signature s = Signature.getInstance(k.jcaAuthAlgorithm());
        s.initVerify(k.certificate().getPublicKey());
        s.update(originHash);
        s.update(nonceHash);
        if (!s.verify(Base64.getDecoder().decode(auth.get("signature").asText()))) {
            throw new IllegalStateException("the authentication token does not verify");
        }
        out.printf("%s: sign.cms and auth.authenticate answers verify; sign.cms answer %d bytes%n", k.name(),
                JSON.writeValueAsString(cmsAnswer).length());
    }

    private Map<Timed, Series> singleConnection(Endpoint.Client client, Token token, Key k, Fortify fortify)
            throws Exception {
        List<Timed> paths = new ArrayList<>(List.of(Timed.RAW, Timed.CMS, Timed.AUTH));
        if (fortify != null) {
            paths.add(Timed.FORTIFY);
        }
        Map<Timed, Series> series = new LinkedHashMap<>();
        for (Timed p : paths) {
            series.put(p, new Series());
            measure(p, client, token, k, fortify, options.warmup()); // warm-up, untimed
        }
        for (int r = 0; r < options.rounds(); r++) {
            for (Timed p : order(paths, r)) {
                series.get(p).add(measure(p, client, token, k, fortify, options.perRound()));
            }
        }
        return series;
    }

    /** The paths in round {@code r}'s order: rotated by r, reversed every other round. */
    static <T> List<T> order(List<T> paths, int r) {
        List<T> o = new ArrayList<>(paths);
        java.util.Collections.rotate(o, r % o.size());
        if (r % 2 == 1) {
            java.util.Collections.reverse(o);
        }
        return o;
    }

    private double[] measure(Timed p, Endpoint.Client client, Token token, Key k, Fortify fortify, int n)
            throws Exception {
        return switch (p) {
            case RAW -> raw(token, k, n);
            case CMS -> {
                Map<String, Object> params = cmsParams(k);
                double[] ms = new double[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    JsonNode r = client.call("sign.cms", params);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    ok(r, "sign.cms");
                }
                yield ms;
            }
            case AUTH -> {
                wanted.set(k.certId());
                double[] ms = new double[n];
                for (int i = 0; i < n; i++) {
                    Map<String, Object> params = Map.of("challengeNonce", nonce());
                    long t0 = System.nanoTime();
                    JsonNode r = client.call("auth.authenticate", params);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    ok(r, "auth.authenticate");
                }
                yield ms;
            }
            case FORTIFY -> fortify.sign(k.nodeName(), n);
        };
    }

    /** {@code n} raw signatures in one logged-in session, each timed. */
    private static double[] raw(Token token, Key k, int n) throws Exception {
        double[] ms = new double[n];
        // a session of its own per block: the endpoint's requests log in and out in between
        try (RawPkcs11Baseline raw = RawPkcs11Baseline.open(token, SoftHsm.USER_PIN.toCharArray())) {
            long handle = raw.privateKey(k.id());
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                raw.sign(k.mechanism(), handle, k.rawInput());
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return ms;
    }

    private void printSingle(Map<Key, Map<Timed, Series>> single, boolean withFortify) {
        out.println("| key | path | p50 | p99 | overhead over raw (p50) | / raw (median of round ratios) |");
        out.println("|---|---|---|---|---|---|");
        for (Map.Entry<Key, Map<Timed, Series>> e : single.entrySet()) {
            Series raw = e.getValue().get(Timed.RAW);
            for (Map.Entry<Timed, Series> p : e.getValue().entrySet()) {
                Series s = p.getValue();
                if (p.getKey() == Timed.RAW) {
                    out.printf(Locale.ROOT, "| %s | %s | %.3f ms | %.3f ms | — | — |%n", e.getKey().name(),
                            p.getKey().label, s.p50(), s.p99());
                } else {
                    out.printf(Locale.ROOT, "| %s | %s | %.3f ms | %.3f ms | %+.3f ms | %.3f |%n", e.getKey().name(),
                            p.getKey().label, s.p50(), s.p99(), s.p50() - raw.p50(), s.ratioTo(raw));
                }
            }
        }
        if (!withFortify) {
            out.println("(no Fortify rows: see the Fortify baseline line above)");
        }
        out.flush();
    }

    private void printTargets(Map<Timed, Series> rsa, Map<Timed, Series> ec, boolean withFortify, PinMode mode) {
        out.printf("%nTargets of the endpoint issue (from the table above; %s)%n", mode.label);
        out.println("| target | measured | |");
        out.println("|---|---|---|");
        for (Timed p : List.of(Timed.CMS, Timed.AUTH)) {
            double ratio = rsa.get(p).ratioTo(rsa.get(Timed.RAW));
            target("RSA-2048 " + p.label + ": within 1.3× of raw", String.format(Locale.ROOT, "%.3f×", ratio),
                    ratio <= 1.3);
        }
        for (Timed p : List.of(Timed.CMS, Timed.AUTH)) {
            double overhead = ec.get(p).p50() - ec.get(Timed.RAW).p50();
            target("EC P-256 " + p.label + ": overhead under 0.5 ms", String.format(Locale.ROOT, "%.3f ms", overhead),
                    overhead < 0.5);
            double p50 = ec.get(p).p50();
            target("EC P-256 " + p.label + ": p50 under 1 ms", String.format(Locale.ROOT, "%.3f ms", p50), p50 < 1.0);
            if (withFortify) {
                double f = ec.get(Timed.FORTIFY).p50();
                target("EC P-256 " + p.label + ": p50 under Fortify's bare sign call (" + String.format(Locale.ROOT,
                        "%.3f ms", f) + ")", String.format(Locale.ROOT, "%.3f ms", p50), p50 < f);
            }
        }
        out.flush();
    }

    private void target(String what, String measured, boolean met) {
        out.printf("| %s | %s | %s |%n", what, measured, met ? "met" : "**not met**");
    }

    // ---- 16 connections ---------------------------------------------------------------------------

    private void parallelSigning(List<Endpoint.Client> clients, ExecutorService pool, Token token, List<Key> keys)
            throws Exception {
        int perRound = PARALLEL * options.batches() * options.batchItems();
        out.printf("%n%d connections (%d origins × 4) each sending %d sign.batch of %d documents per round, retrying"
                + " %d ms after ACTION_PENDING (1004: one dialog at a time across all connections), against the raw"
                + " token signing the same %d signatures in one session; %d interleaved rounds, medians of the"
                + " rounds%n", PARALLEL, PARALLEL_ORIGINS.size(), options.batches(), options.batchItems(),
                RETRY_PAUSE.toMillis(), perRound, options.parallelRounds());
        out.println("| key | raw token, one session | 16 connections, sign.batch | e2e / raw | ACTION_PENDING per batch"
                + " | ACTION_PENDING answer p50 / p99 |");
        out.println("|---|---|---|---|---|---|");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < options.batchItems(); i++) {
            items.add(Map.of("documentName", "dakument-" + i + ".txt", "data", Base64.getEncoder().encodeToString(
                    (new String(DOCUMENT, StandardCharsets.UTF_8) + " #" + i).getBytes(StandardCharsets.UTF_8))));
        }
        for (Key k : keys) {
            Map<String, Object> params = Map.of("certId", k.certId(), "items", items);
            batchRound(clients, pool, params, 1, new ConcurrentLinkedQueue<>()); // warm-up
            Queue<Double> refusals = new ConcurrentLinkedQueue<>();
            double[] raw = new double[options.parallelRounds()];
            double[] e2e = new double[options.parallelRounds()];
            double[] ratio = new double[options.parallelRounds()];
            double[] pending = new double[options.parallelRounds()];
            for (int r = 0; r < options.parallelRounds(); r++) {
                if (r % 2 == 0) {
                    raw[r] = rawRate(token, k, perRound);
                }
                long before = System.nanoTime();
                long refused = batchRound(clients, pool, params, options.batches(), refusals);
                e2e[r] = perRound / ((System.nanoTime() - before) / 1e9);
                pending[r] = (double) refused / (PARALLEL * options.batches());
                if (r % 2 == 1) {
                    raw[r] = rawRate(token, k, perRound);
                }
                ratio[r] = e2e[r] / raw[r];
            }
            double[] refusal = refusals.stream().mapToDouble(Double::doubleValue).toArray();
            out.printf(Locale.ROOT, "| %s | %.0f signatures/s | %.0f signatures/s | %.3f | %.1f | %s |%n", k.name(),
                    percentile(raw, 50), percentile(e2e, 50), percentile(ratio, 50), percentile(pending, 50),
                    refusal.length == 0 ? "none" : String.format(Locale.ROOT, "%.3f ms / %.3f ms",
                            percentile(refusal, 50), percentile(refusal, 99)));
            out.flush();
        }
    }

    private static double rawRate(Token token, Key k, int n) throws Exception {
        try (RawPkcs11Baseline raw = RawPkcs11Baseline.open(token, SoftHsm.USER_PIN.toCharArray())) {
            long handle = raw.privateKey(k.id());
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                raw.sign(k.mechanism(), handle, k.rawInput());
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Every connection sends {@code batches} batches, retrying after 1004; returns the number of 1004
     * answers and adds their round trips (ms) to {@code refusals}.
     */
    private long batchRound(List<Endpoint.Client> clients, ExecutorService pool, Map<String, Object> params,
            int batches, Queue<Double> refusals) throws Exception {
        AtomicLong refused = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> done = new ArrayList<>();
        int expected = ((List<?>) params.get("items")).size();
        for (Endpoint.Client c : clients) {
            Callable<Object> task = () -> {
                start.await();
                for (int b = 0; b < batches; b++) {
                    while (true) {
                        long t0 = System.nanoTime();
                        JsonNode r = c.call("sign.batch", params);
                        if (r.has("error") && r.get("error").get("code").asInt() == 1004) {
                            refusals.add((System.nanoTime() - t0) / 1e6);
                            refused.incrementAndGet();
                            Thread.sleep(RETRY_PAUSE);
                            continue;
                        }
                        if (ok(r, "sign.batch").get("results").size() != expected) {
                            throw new IllegalStateException("sign.batch lost documents");
                        }
                        break;
                    }
                }
                return null;
            };
            done.add(pool.submit(task));
        }
        start.countDown();
        for (Future<Object> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
        return refused.get();
    }

    private void parallelInfo(List<Endpoint.Client> clients, ExecutorService pool) throws Exception {
        out.printf("%nRequests without the person: each connection sends %d requests one after another per round,"
                + " 1 connection and %d connections alternately, %d rounds; time per request, requests per second"
                + " over all connections (median of the rounds)%n", options.info(), PARALLEL,
                options.parallelRounds());
        out.println("| method | connections | requests/s | p50 | p99 |");
        out.println("|---|---|---|---|---|");
        for (String method : List.of("app.info", "tokens.list")) {
            Series one = new Series();
            Series many = new Series();
            double[] oneRate = new double[options.parallelRounds()];
            double[] manyRate = new double[options.parallelRounds()];
            infoRound(clients.subList(0, PARALLEL), pool, method, new Series()); // warm-up
            for (int r = 0; r < options.parallelRounds(); r++) {
                if (r % 2 == 0) {
                    oneRate[r] = infoRound(clients.subList(0, 1), pool, method, one);
                    manyRate[r] = infoRound(clients, pool, method, many);
                } else {
                    manyRate[r] = infoRound(clients, pool, method, many);
                    oneRate[r] = infoRound(clients.subList(0, 1), pool, method, one);
                }
            }
            out.printf(Locale.ROOT, "| %s | 1 | %.0f | %.3f ms | %.3f ms |%n", method, percentile(oneRate, 50),
                    one.p50(), one.p99());
            out.printf(Locale.ROOT, "| %s | %d | %.0f | %.3f ms | %.3f ms |%n", method, PARALLEL,
                    percentile(manyRate, 50), many.p50(), many.p99());
            out.flush();
        }
    }

    /** Each client sends {@code info} requests; adds the latencies to {@code into}; returns requests/s. */
    private double infoRound(List<Endpoint.Client> clients, ExecutorService pool, String method, Series into)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<double[]>> done = new ArrayList<>();
        for (Endpoint.Client c : clients) {
            Callable<double[]> task = () -> {
                start.await();
                double[] ms = new double[options.info()];
                for (int i = 0; i < ms.length; i++) {
                    long t0 = System.nanoTime();
                    JsonNode r = c.call(method, null);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    ok(r, method);
                }
                return ms;
            };
            done.add(pool.submit(task));
        }
        long t0 = System.nanoTime();
        start.countDown();
        int total = 0;
        for (Future<double[]> f : done) {
            double[] ms = f.get(10, TimeUnit.MINUTES);
            into.add(ms);
            total += ms.length;
        }
        return total / ((System.nanoTime() - t0) / 1e9);
    }

    // ---- where the time goes ----------------------------------------------------------------------

    /** The steps of a signing request, timed in-process on the token layer (no endpoint). */
    private void breakdown(Endpoint endpoint, Token token, List<Key> keys, TestCa ca, PinMode mode) throws Exception {
        out.printf("%nWhere the time goes: the protocol service answering in this process without WebSocket and TLS"
                + " (ProtocolService.handle, text in, text out), and the steps a signing request makes, on the token"
                + " layer; %d calls each in %d interleaved rounds%n",
                options.rounds() * options.perRound(), options.rounds());
        out.println("| step | p50 | p99 |");
        out.println("|---|---|---|");
        ProtocolService service = endpoint.service();
        Connection connection = service.open(PORTAL, message -> { });
        Map<String, Step> steps = new LinkedHashMap<>();
        steps.put("ProtocolService.handle: app.info", n -> handle(service, connection, n, () -> request("app.info",
                null)));
        for (Key k : keys) {
            steps.put("ProtocolService.handle: sign.cms, " + k.name(), n -> handle(service, connection, n,
                    () -> request("sign.cms", cmsParams(k))));
            steps.put("ProtocolService.handle: auth.authenticate, " + k.name(), n -> {
                wanted.set(k.certId());
                return handle(service, connection, n, () -> request("auth.authenticate",
                        Map.of("challengeNonce", nonce())));
            });
        }
        steps.put("find the tokens (TokenRegistry.tokens(): C_GetSlotList, C_GetTokenInfo)", n -> {
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                endpoint.registry().tokens();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return ms;
        });
        steps.put("list the token's certificates (Token.certificates(), 3 certificates" + (mode == PinMode.CACHED
                ? "; logged in, so the private keys are read too)" : ")"), n -> {
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                token.certificates();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return ms;
        });
        steps.put("read a certificate for the person (CertificateView.of)", n -> {
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                CertificateView.of(keys.get(0).certificate());
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return ms;
        });
        TrustAnchors anchors = new TrustAnchors(List.of(ca.caCertificate()));
        steps.put("build its chain (TrustAnchors.chain)", n -> {
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                anchors.chain(keys.get(0).certificate(), List.of(ca.caCertificate()));
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return ms;
        });
        steps.put("raw wrapper: C_OpenSession + C_Login, C_CloseSession" + (mode == PinMode.CACHED
                ? " (C_Login answers 'already logged in': no PIN check)" : " (SoftHSM2 checks the PIN)"), n -> {
            double[] ms = new double[n];
            char[] pin = SoftHsm.USER_PIN.toCharArray();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                RawPkcs11Baseline.open(token, pin).close();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return ms;
        });
        steps.put(mode == PinMode.CACHED ? "Token.open + close, the login kept by the PIN cache"
                : "open a session with login, log out and close (Token.open + close)", n -> {
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                TokenSession s = token.open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                        TokenSession.Access.READ_ONLY);
                s.close();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return ms;
        });
        for (Key k : keys) {
            steps.put((mode == PinMode.CACHED ? "Token.open (login kept), one signature (key handle remembered), close, "
                    : "open with login, one signature (key handle remembered), log out and close, ") + k.name(), n -> {
                double[] ms = new double[n];
                SignInput input = SignInput.digest(HashAlgorithm.SHA_256.digest(DOCUMENT));
                KeyRef ref = k.ref();
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    try (TokenSession s = token.open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                            TokenSession.Access.READ_ONLY)) {
                        s.sign(ref, k.algorithm(), input);
                    }
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                return ms;
            });
        }
        for (Key k : keys) {
            steps.put("CmsSigner.sign in an open session, CA certificate included, " + k.name(), n -> {
                double[] ms = new double[n];
                try (TokenSession s = token.open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                        TokenSession.Access.READ_ONLY)) {
                    KeyRef ref = k.ref();
                    for (int i = 0; i < n; i++) {
                        long t0 = System.nanoTime();
                        CmsSigner.sign(s, ref, k.certificate(), List.of(ca.caCertificate()), k.algorithm(),
                                CmsContent.data(DOCUMENT, true), Instant.now());
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                return ms;
            });
            steps.put("AuthTokenSigner.sign in an open session, " + k.name(), n -> {
                double[] ms = new double[n];
                String nonce = nonce();
                try (TokenSession s = token.open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                        TokenSession.Access.READ_ONLY)) {
                    KeyRef ref = k.ref();
                    for (int i = 0; i < n; i++) {
                        long t0 = System.nanoTime();
                        AuthTokenSigner.sign(s, ref, k.certificate(), PORTAL, nonce, "https://pechatka.org/bench");
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                return ms;
            });
        }
        Map<String, Series> series = new LinkedHashMap<>();
        for (Map.Entry<String, Step> s : steps.entrySet()) {
            s.getValue().run(options.warmup());
            series.put(s.getKey(), new Series());
        }
        List<String> names = new ArrayList<>(steps.keySet());
        for (int r = 0; r < options.rounds(); r++) {
            for (String name : order(names, r)) {
                series.get(name).add(steps.get(name).run(options.perRound()));
            }
        }
        for (Map.Entry<String, Series> s : series.entrySet()) {
            out.printf(Locale.ROOT, "| %s | %.3f ms | %.3f ms |%n", s.getKey(), s.getValue().p50(), s.getValue().p99());
        }
        service.close(connection);
        out.flush();
    }

    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    private static String request(String method, Object params) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("jsonrpc", "2.0");
        r.put("id", "b" + REQUEST_IDS.incrementAndGet());
        r.put("method", method);
        if (params != null) {
            r.put("params", params);
        }
        return JSON.writeValueAsString(r);
    }

    /** {@code n} requests answered by the service directly, each timed (the request text made before). */
    private static double[] handle(ProtocolService service, Connection connection, int n, Callable<String> request)
            throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            String text = request.call();
            long t0 = System.nanoTime();
            String answer = service.handle(connection, text);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            ok(JSON.readTree(answer), "in-process request");
        }
        return ms;
    }

    @FunctionalInterface
    private interface Step {
        double[] run(int n) throws Exception;
    }

    // ---- the Fortify engine in Node -------------------------------------------------------------

    /** {@code bench.mjs --serve} in Node, on the same token, driven round by round. */
    static final class Fortify implements AutoCloseable {
        private final Process process;
        private final BufferedReader in;
        private final Writer toNode;
        private final Path log;

        private Fortify(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.toNode = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** Starts it, installing the npm packages first when missing; null (and a line why) when it cannot. */
        static Fortify start(Path dir, Path work, SoftHsm hsm, List<Key> keys, PrintStream out) throws Exception {
            String node = version("node");
            if (node == null) {
                out.println(SKIPPED_NO_NODE);
                return null;
            }
            Path pkg = dir.toAbsolutePath().normalize();
            if (!Files.isRegularFile(pkg.resolve("bench.mjs"))) {
                throw new IllegalStateException("the Fortify baseline is not at " + pkg + " (--fortify-dir)");
            }
            if (!Files.isRegularFile(pkg.resolve("node_modules/node-webcrypto-p11/package.json"))
                    || !Files.isRegularFile(pkg.resolve("node_modules/pkcs11js/build/Release/pkcs11.node"))) {
                if (version("npm") == null) {
                    out.println("Fortify baseline: skipped (node is installed but npm is not)");
                    return null;
                }
                Path npmLog = work.resolve("npm.log");
                boolean locked = Files.isRegularFile(pkg.resolve("package-lock.json"));
                List<String> cmd = locked ? List.of("npm", "ci", "--no-audit", "--no-fund")
                        : List.of("npm", "install", "--no-audit", "--no-fund");
                Process p = new ProcessBuilder(cmd).directory(pkg.toFile()).redirectErrorStream(true)
                        .redirectOutput(npmLog.toFile()).start();
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", cmd) + " failed in " + pkg + ":\n"
                            + Files.readString(npmLog));
                }
                out.println("Fortify baseline: installed the npm packages (" + String.join(" ", cmd) + ")");
            }
            List<String> cmd = new ArrayList<>(List.of("node", pkg.resolve("bench.mjs").toString(), "--serve",
                    "--module", SoftHsm.library().toString(), "--token-label", hsm.label(), "--pin",
                    SoftHsm.USER_PIN));
            for (Key k : keys) {
                cmd.addAll(List.of("--key", k.nodeName() + "=" + k.idHex()));
            }
            Path log = work.resolve("fortify.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
            pb.environment().putAll(hsm.environment());
            Fortify f = new Fortify(pb.start(), log);
            JsonNode ready = f.readLine();
            if (!ready.path("ready").asBoolean()) {
                f.close();
                throw new IllegalStateException("the Fortify baseline did not start: " + ready);
            }
            out.printf("Fortify baseline: node %s, node-webcrypto-p11 %s, pkcs11js %s, graphene-pk11 %s; its own"
                    + " process, one logged-in session on the same token, subtle.sign awaited call by call%n",
                    ready.path("node").asText(), ready.path("node-webcrypto-p11").asText(),
                    ready.path("pkcs11js").asText(), ready.path("graphene-pk11").asText());
            return f;
        }

        private static String version(String tool) {
            try {
                Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? v : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        double[] sign(String key, int n) throws IOException {
            toNode.write("sign " + key + " " + n + "\n");
            toNode.flush();
            JsonNode r = readLine();
            JsonNode ms = r.get("ms");
            if (ms == null || ms.size() != n) {
                throw new IllegalStateException("the Fortify baseline answered " + r);
            }
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = ms.get(i).asDouble();
            }
            return out;
        }

        private JsonNode readLine() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new IllegalStateException("the Fortify baseline ended:\n" + Files.readString(log));
            }
            return JSON.readTree(line);
        }

        @Override
        public void close() {
            try {
                toNode.write("quit\n");
                toNode.flush();
                toNode.close();
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** The result of a response; throws on an error answer. */
    static JsonNode ok(JsonNode response, String what) {
        if (response.has("error") || !response.has("result")) {
            throw new IllegalStateException(what + " failed: " + response);
        }
        return response.get("result");
    }

    /** p50 (interpolated median) or the nearest-rank percentile {@code p}. */
    static double percentile(double[] values, int p) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        if (n == 0) {
            return Double.NaN;
        }
        if (p == 50) {
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        }
        return v[Math.max(0, (int) Math.ceil(p / 100.0 * n) - 1)];
    }

    private static void quietLogging() {
        // Jetty (through slf4j-jdk14) and the PKCS#11 wrapper would otherwise log every start and stop;
        // the handlers too, as LocalServer sets Jetty's logger to INFO itself
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
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
