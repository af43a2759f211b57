package org.pechatka.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No private key ships (security catalogue §6 item 9): the compiled classes and resources and the
 * application jar hold no PEM private key, no PKCS#8 or SEC1 key in DER, no PKCS#12 file and no
 * JKS/JCEKS key store. The scanner is first shown to find each of those.
 */
class NoShippedKeyTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Path JAR = Path.of("target/pechatka.jar");
    /** A PEM private key: the header and key material after it (a parser's header constant alone is no key). */
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----\\s*(?:(?:Proc-Type|DEK-Info):[^\\n]*\\n\\s*)*[A-Za-z0-9+/]{64}");

    @TempDir
    Path tmp;

    @Test
    void whenTheBuiltClassesAndResourcesAreScanned_thenNoPrivateKeyIsFound() throws IOException {
        assertThat(CLASSES).as("the compiled product classes").isDirectory();
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                findings.addAll(scan(CLASSES.relativize(f).toString(), Files.readAllBytes(f)));
            }
        }
        assertThat(findings).isEmpty();
    }

    @Test
    void whenTheApplicationJarIsThere_thenNoEntryHoldsAPrivateKey() throws IOException {
        if (!Files.exists(JAR)) {
            return; // the jar is made by the package phase; the classes it is made of are scanned above
        }
        assertThat(scanJar(JAR)).isEmpty();
    }

    @Test
    void whenKeysOfEveryKindArePlanted_thenTheScannerFindsEachOfThem(@TempDir Path dataDir) throws Exception {
        LocalTls tls = LocalTls.loadOrCreate(dataDir, Clock.systemUTC());
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        byte[] p12 = keyStoreBytes(tls.keyStore("x".toCharArray()), "PKCS12");
        KeyStore jks = KeyStore.getInstance("JKS");
        jks.load(null, null);
        jks.setKeyEntry("k", tls.leafKey(), "x".toCharArray(), new Certificate[] {tls.leafCertificate()});
        Path sec1File = tmp.resolve("sec1.der");
        Tools.ok("openssl", "ec", "-in", tls.directory().resolve("server.pem").toString(), "-outform", "DER", "-out",
                sec1File.toString());

        assertThat(scan("server.pem", Files.readAllBytes(tls.directory().resolve("server.pem")))).isNotEmpty();
        assertThat(scan("Key.class", classLike(Files.readString(tls.directory().resolve("ca-key.pem")).getBytes(
                StandardCharsets.US_ASCII)))).isNotEmpty();
        assertThat(scan("key.der", classLike(pkcs8))).anyMatch(s -> s.contains("PKCS#8"));
        assertThat(scan("key.bin", classLike(Files.readAllBytes(sec1File)))).anyMatch(s -> s.contains("SEC1"));
        assertThat(scan("store.p12", p12)).anyMatch(s -> s.contains("PKCS#12"));
        assertThat(scan("store.jks", keyStoreBytes(jks, "JKS"))).anyMatch(s -> s.contains("JKS"));

        Path jar = tmp.resolve("planted.jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("org/example/Clean.class"));
            z.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 69});
            z.putNextEntry(new ZipEntry("keys/server.p12"));
            z.write(p12);
        }
        assertThat(scanJar(jar)).isNotEmpty().allMatch(f -> f.startsWith("planted.jar!keys/server.p12: "))
                .anyMatch(f -> f.contains("PKCS#12"));

        // the product's own PEM writer holds the header as a constant, which is not a key
        assertThat(scan("Pem.class", Files.readAllBytes(CLASSES.resolve("org/pechatka/server/tls/Pem.class")))).isEmpty();
    }

    private static byte[] keyStoreBytes(KeyStore ks, String type) throws Exception {
        assertThat(ks.getType()).isEqualToIgnoringCase(type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, "x".toCharArray());
        return out.toByteArray();
    }

    /** Bytes embedded in the middle of other bytes, as a constant in a class file would be. */
    private static byte[] classLike(byte[] content) {
        byte[] out = new byte[content.length + 64];
        Arrays.fill(out, (byte) 0x11);
        System.arraycopy(content, 0, out, 31, content.length);
        return out;
    }

    private static List<String> scanJar(Path jar) throws IOException {
        List<String> findings = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    findings.addAll(scan(jar.getFileName() + "!" + e.getName(), in.readAllBytes()));
                }
            }
        }
        return findings;
    }

    /** What in {@code content} is a private key or a key store, one description each. */
    static List<String> scan(String name, byte[] content) {
        List<String> findings = new ArrayList<>();
        Matcher m = PEM_KEY.matcher(new String(content, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            findings.add(name + ": PEM private key at " + m.start());
        }
        if (content.length >= 4) {
            int magic = ((content[0] & 0xff) << 24) | ((content[1] & 0xff) << 16) | ((content[2] & 0xff) << 8)
                    | (content[3] & 0xff);
            if (magic == 0xFEEDFEED || magic == 0xCECECECE) {
                findings.add(name + ": JKS/JCEKS key store");
            }
        }
        for (int i = 0; i + 8 < content.length; i++) {
            if (content[i] != 0x30) {
                continue;
            }
            int[] len = derLength(content, i + 1);
            if (len == null) {
                continue;
            }
            int body = i + 1 + len[1];
            int end = body + len[0];
            if (end > content.length || body + 4 > content.length) {
                continue;
            }
            // INTEGER version: 0 or 1 = PKCS#8 / OneAsymmetricKey, 1 + OCTET STRING = SEC1, 3 = PKCS#12
            if (content[body] != 0x02 || content[body + 1] != 0x01) {
                continue;
            }
            byte[] der = Arrays.copyOfRange(content, i, end);
            String kind = switch (content[body + 2]) {
                case 0, 1 -> content[body + 3] == 0x30 ? pkcs8(der) : content[body + 3] == 0x04 ? sec1(der) : null;
                case 3 -> pkcs12(der);
                default -> null;
            };
            if (kind != null) {
                findings.add(name + ": " + kind + " at " + i);
            }
        }
        return findings;
    }

    private static int[] derLength(byte[] b, int at) {
        if (at >= b.length) {
            return null;
        }
        int first = b[at] & 0xff;
        if (first < 0x80) {
            return new int[] {first, 1};
        }
        int n = first & 0x7f;
        if (n == 0 || n > 3 || at + n >= b.length) {
            return null;
        }
        int len = 0;
        for (int k = 1; k <= n; k++) {
            len = (len << 8) | (b[at + k] & 0xff);
        }
        return new int[] {len, 1 + n};
    }

    private static String pkcs8(byte[] der) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            return info.getPrivateKey().getOctets().length > 0 ? "PKCS#8 private key ("
                    + info.getPrivateKeyAlgorithm().getAlgorithm() + ")" : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String sec1(byte[] der) {
        try {
            var key = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
            return key.getKey().signum() != 0 ? "SEC1 EC private key" : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String pkcs12(byte[] der) {
        try {
            Pfx.getInstance(ASN1Primitive.fromByteArray(der));
            return "PKCS#12 file";
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
