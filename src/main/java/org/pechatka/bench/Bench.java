package org.pechatka.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.pechatka.cert.CertificateIssuer;
import org.pechatka.cert.DistinguishedNames;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinSource;
import org.pechatka.token.SignInput;
import org.pechatka.token.Token;
import org.pechatka.token.TokenSession;
import org.pechatka.token.pkcs11.Pkcs11Provider;
import org.pechatka.token.pkcs11.Pkcs11Provisioning;
import org.pechatka.token.pkcs11.RawPkcs11Baseline;
import org.pechatka.token.pkcs11.SoftHsm2Store;

/**
 * Measures the token layer against the raw PKCS#11 wrapper on SoftHSM2, in one run: signing
 * (RSA-2048, EC P-256) and listing tokens that hold 1, 100 and 1,000 certificates. A and B are
 * interleaved in alternating order (ABBA) round by round so drift on a noisy machine hits both
 * alike; figures are medians.
 */
public final class Bench {

    private static final String PIN = "123456";
    private static final byte[] PAYLOAD = "Pechatka benchmark: заява".getBytes(StandardCharsets.UTF_8);

    /**
     * What to run.
     *
     * @param signatures   signatures per path and key (split over the rounds)
     * @param rounds       interleaved rounds
     * @param certCounts   certificates on each listing token
     * @param listRepeats  listings per path and token
     * @param workDir      where the SoftHSM2 store goes
     */
    public record Options(int signatures, int rounds, List<Integer> certCounts, int listRepeats, Path workDir) {

        public static Options full(Path workDir) {
            return new Options(1000, 20, List.of(1, 100, 1000), 21, workDir);
        }

        public static Options smoke(Path workDir) {
            return new Options(40, 4, List.of(1, 10), 3, workDir);
        }
    }

    /** One measured comparison. */
    public record Comparison(String name, double rawMillis, double layerMillis, double ratio) {}

    /** The results of a run. */
    public record Results(List<Comparison> signing, List<Comparison> listing) {}

    private final Options options;
    private final PrintWriter out;

    public Bench(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    public Results run(String softhsmLibrary) throws Exception {
        Path store = options.workDir().resolve("tokens");
        Files.createDirectories(store);
        Path conf = options.workDir().resolve("softhsm2.conf");
        SoftHsm2Store.writeConfiguration(conf, store, "Pechatka benchmark");
        SoftHsm2Store.activate(conf);
        Pkcs11Provider provider = Pkcs11Provider.load(softhsmLibrary, Pkcs11Provider.Options.DEFAULT);
        if (!provider.status().loaded()) {
            throw new IllegalStateException("SoftHSM2 did not load: " + provider.status().description());
        }
        try {
            out.printf("Pechatka benchmark: %s, %d CPUs, Java %s%n", provider.status().description(),
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            List<Comparison> signing = signing(provider);
            List<Comparison> listing = listing(provider);
            return new Results(signing, listing);
        } finally {
            provider.close();
        }
    }

    private Token initToken(Pkcs11Provider provider, String label) throws PechatkaException {
        Pkcs11Provisioning.initializeFreeToken(provider, label, "12345678".toCharArray(), PIN.toCharArray());
        for (Token t : provider.tokens()) {
            if (t.info().label().equals(label)) {
                return t;
            }
        }
        throw new PechatkaException.TokenNotPresent();
    }

    private List<Comparison> signing(Pkcs11Provider provider) throws Exception {
        Token token = initToken(provider, "bench-sign");
        KeyRef rsa;
        KeyRef ec;
        try (TokenSession s = token.open(pin(), TokenSession.Access.READ_WRITE)) {
            rsa = s.generateKeyPair(KeyInfo.byProtocolName("RSA-2048").orElseThrow(), "rsa");
            ec = s.generateKeyPair(KeyInfo.byProtocolName("EC-P256").orElseThrow(), "ec");
        }
        out.printf("%nSigning: %d signatures per path and key over %d interleaved rounds; input a SHA-256 hash;"
                + " time per signature%n", options.signatures(), options.rounds());
        out.println("| key | raw wrapper (median) | token layer (median) | layer / raw (median of round ratios) |");
        out.println("|---|---|---|---|");
        List<Comparison> results = new ArrayList<>();
        results.add(compareSigning(token, "RSA-2048", rsa, SignatureAlgorithms.SHA256_RSA,
                RawPkcs11Baseline.CKM_RSA_PKCS));
        results.add(compareSigning(token, "EC P-256", ec, SignatureAlgorithms.SHA256_ECDSA,
                RawPkcs11Baseline.CKM_ECDSA));
        return results;
    }

    private Comparison compareSigning(Token token, String name, KeyRef key, SignatureAlgorithm alg, long mechanism)
            throws Exception {
        byte[] digest = HashAlgorithm.SHA_256.digest(PAYLOAD);
        byte[] rawInput = mechanism == RawPkcs11Baseline.CKM_RSA_PKCS ? HashAlgorithm.SHA_256.digestInfo(digest)
                : digest;
        SignInput layerInput = SignInput.digest(digest);
        int perRound = Math.max(1, options.signatures() / options.rounds());
        double[] raw = new double[options.rounds()];
        double[] layer = new double[options.rounds()];
        try (RawPkcs11Baseline baseline = RawPkcs11Baseline.open(token, PIN.toCharArray());
                TokenSession session = token.open(pin(), TokenSession.Access.READ_ONLY)) {
            long handle = baseline.privateKey(key.keyId());
            Block rawBlock = () -> {
                for (int i = 0; i < perRound; i++) {
                    baseline.sign(mechanism, handle, rawInput);
                }
            };
            Block layerBlock = () -> {
                for (int i = 0; i < perRound; i++) {
                    session.sign(key, alg, layerInput);
                }
            };
            rawBlock.run(); // warm-up
            layerBlock.run();
            for (int r = 0; r < options.rounds(); r++) {
                if (r % 2 == 0) {
                    raw[r] = time(rawBlock) / perRound;
                    layer[r] = time(layerBlock) / perRound;
                } else {
                    layer[r] = time(layerBlock) / perRound;
                    raw[r] = time(rawBlock) / perRound;
                }
            }
        }
        return report(name, raw, layer);
    }

    private List<Comparison> listing(Pkcs11Provider provider) throws Exception {
        out.printf("%nListing: Token.certificates() (find, read, parse and pair every certificate with its key,"
                + " no login) against the raw wrapper finding and reading the certificate objects; %d runs each,"
                + " interleaved%n", options.listRepeats());
        out.println("| certificates | raw wrapper (median) | token layer (median) | layer / raw |");
        out.println("|---|---|---|---|");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair caKeys = g.generateKeyPair();
        X509Certificate ca = CertificateIssuer.builder()
                .withSubject(DistinguishedNames.builder().commonName("Bench CA").build())
                .withPublicKey(caKeys.getPublic()).withSelfSigned(caKeys.getPrivate()).withCa(0)
                .withValidity(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(365)))
                .withKeyUsage(KeyUsage.keyCertSign).issue();
        List<Comparison> results = new ArrayList<>();
        for (int count : options.certCounts()) {
            Token token = initToken(provider, "bench-" + count);
            fill(token, count, ca, caKeys);
            double[] raw = new double[options.listRepeats()];
            double[] layer = new double[options.listRepeats()];
            try (RawPkcs11Baseline baseline = RawPkcs11Baseline.open(token, null)) {
                Block rawBlock = () -> {
                    if (baseline.readAllCertificates() == 0) {
                        throw new IllegalStateException("no certificates read");
                    }
                };
                Block layerBlock = () -> {
                    if (token.certificates().size() != count) {
                        throw new IllegalStateException("listing lost certificates");
                    }
                };
                rawBlock.run();
                layerBlock.run();
                for (int r = 0; r < options.listRepeats(); r++) {
                    if (r % 2 == 0) {
                        raw[r] = time(rawBlock);
                        layer[r] = time(layerBlock);
                    } else {
                        layer[r] = time(layerBlock);
                        raw[r] = time(rawBlock);
                    }
                }
            }
            results.add(report(String.valueOf(count), raw, layer));
        }
        return results;
    }

    /** Puts {@code count} key pairs with certificates on the token, through the token layer. */
    private static void fill(Token token, int count, X509Certificate ca, KeyPair caKeys) throws Exception {
        Instant now = Instant.now();
        try (TokenSession s = token.open(pin(), TokenSession.Access.READ_WRITE)) {
            for (int i = 0; i < count; i++) {
                KeyRef key = s.generateKeyPair(KeyInfo.byProtocolName("EC-P256").orElseThrow(), "key " + i);
                X509Certificate cert = CertificateIssuer.builder()
                        .withSubject(DistinguishedNames.builder().commonName("Бенчмарк " + i).surname("Бенчмарк")
                                .givenName("Асоба " + i).serialNumber("PNOBY-" + (3000000 + i) + "A001PB5")
                                .country("BY").build())
                        .withPublicKey(key.publicKey()).withIssuer(ca, caKeys.getPrivate())
                        .withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)))
                        .withKeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation).issue();
                s.storeCertificate(cert, key.keyId(), "cert " + i);
            }
        }
    }

    private Comparison report(String name, double[] raw, double[] layer) {
        double[] ratios = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            ratios[i] = layer[i] / raw[i];
        }
        Comparison c = new Comparison(name, median(raw), median(layer), median(ratios));
        out.printf(Locale.ROOT, "| %s | %.3f ms | %.3f ms | %.3f |%n", c.name(), c.rawMillis(), c.layerMillis(),
                c.ratio());
        out.flush();
        return c;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    @FunctionalInterface
    private interface Block {
        void run() throws PechatkaException, IOException, GeneralSecurityException;
    }

    /** Milliseconds a block takes. */
    private static double time(Block block) throws Exception {
        long t0 = System.nanoTime();
        block.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static PinSource pin() {
        return PinSource.fixed(PIN.toCharArray());
    }
}
