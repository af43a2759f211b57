package org.pechatka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.token.pkcs11.SoftHsm2Store;

/**
 * A throwaway SoftHSM2 token in its own directory with its own {@code SOFTHSM2_CONF}, filled with
 * the real tools ({@code softhsm2-util}, OpenSC's {@code pkcs11-tool}) so the code under test is not
 * used to build its own fixture. A missing tool fails the test: CI installs them.
 */
public final class SoftHsm {

    public static final String USER_PIN = "1234";
    public static final String SO_PIN = "12345678";

    private static final List<String> LIBRARIES = List.of(
            "/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so");

    private final Path dir;
    private final Path conf;
    private final String label;

    private SoftHsm(Path dir, Path conf, String label) {
        this.dir = dir;
        this.conf = conf;
        this.label = label;
    }

    /** The SoftHSM2 module; fails the test when SoftHSM2 is not installed. */
    public static Path library() {
        for (String l : LIBRARIES) {
            if (Files.isRegularFile(Path.of(l))) {
                return Path.of(l);
            }
        }
        throw new AssertionError("SoftHSM2 is not installed (Debian package softhsm2); CI installs it");
    }

    /** A fresh, initialised token in {@code dir} with {@link #USER_PIN}. */
    public static SoftHsm create(Path dir, String label) throws IOException {
        Files.createDirectories(dir.resolve("tokens"));
        Path conf = dir.resolve("softhsm2.conf");
        SoftHsm2Store.writeConfiguration(conf, dir.resolve("tokens"), "test token " + label);
        SoftHsm hsm = new SoftHsm(dir, conf, label);
        hsm.run(List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", USER_PIN, "--so-pin",
                SO_PIN));
        return hsm;
    }

    public Path dir() {
        return dir;
    }

    public Path conf() {
        return conf;
    }

    public String label() {
        return label;
    }

    /** The environment a subprocess needs to see this token. */
    public Map<String, String> environment() {
        return Map.of("SOFTHSM2_CONF", conf.toString());
    }

    /**
     * Points SoftHSM2 in this JVM at this token. Takes effect at the next {@code C_Initialize}, so
     * call it before loading the module.
     */
    public void activateInProcess() {
        SoftHsm2Store.activate(conf);
    }

    /**
     * Generates a key pair on the token with pkcs11-tool and returns its public key.
     *
     * @param keyType pkcs11-tool syntax: {@code rsa:2048}, {@code EC:prime256v1}, {@code EC:secp384r1},
     *                {@code EC:edwards25519}
     */
    public SubjectPublicKeyInfo generateKey(String keyType, String idHex, String keyLabel, boolean alwaysAuthenticate)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--keypairgen", "--key-type", keyType, "--id", idHex,
                "--label", keyLabel, "--usage-sign"));
        if (alwaysAuthenticate) {
            args.add("--always-auth");
        }
        pkcs11Tool(true, args);
        if (keyType.startsWith("rsa")) {
            Path out = dir.resolve("pub-" + idHex + ".der");
            pkcs11Tool(false, List.of("--read-object", "--type", "pubkey", "--id", idHex, "--output-file",
                    out.toString()));
            return SubjectPublicKeyInfo.getInstance(Files.readAllBytes(out));
        }
        // pkcs11-tool 0.23 cannot export some EC keys (OpenSSL 3: "cannot create EVP_PKEY"), so the
        // SPKI is built from the CKA_EC_PARAMS and CKA_EC_POINT it lists
        return ecPublicKey(pkcs11Tool(false, List.of("--list-objects", "--type", "pubkey")), idHex);
    }

    static SubjectPublicKeyInfo ecPublicKey(String listing, String idHex) throws IOException {
        for (String object : listing.split("(?m)^(?=Public Key Object)")) {
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?m)^\\s*ID:\\s*(\\S+)").matcher(object);
            if (!id.find() || !id.group(1).equalsIgnoreCase(idHex)) {
                continue;
            }
            java.util.regex.Matcher point = java.util.regex.Pattern.compile("EC_POINT:\\s*([0-9a-fA-F]+)").matcher(object);
            java.util.regex.Matcher params = java.util.regex.Pattern.compile("EC_PARAMS:\\s*([0-9a-fA-F]+)")
                    .matcher(object);
            if (!point.find() || !params.find()) {
                throw new AssertionError("pkcs11-tool listed no EC point for key " + idHex + ":\n" + object);
            }
            java.util.HexFormat hex = java.util.HexFormat.of();
            byte[] q = org.bouncycastle.asn1.ASN1OctetString.getInstance(hex.parseHex(point.group(1))).getOctets();
            org.bouncycastle.asn1.ASN1Primitive p = org.bouncycastle.asn1.ASN1Primitive.fromByteArray(
                    hex.parseHex(params.group(1)));
            if (p instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier oid
                    && !org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
                return new SubjectPublicKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                        org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey, oid), q);
            }
            // Ed25519: CKA_EC_PARAMS is the OID 1.3.101.112 or the name "edwards25519"
            return new SubjectPublicKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed25519), q);
        }
        throw new AssertionError("pkcs11-tool did not list public key " + idHex + ":\n" + listing);
    }

    /** Writes a certificate object with pkcs11-tool (idHex may be null for a CA certificate). */
    public void writeCertificate(X509Certificate cert, String idHex, String certLabel) throws IOException {
        Path file = dir.resolve("cert-" + System.nanoTime() + ".der");
        try {
            Files.write(file, cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--write-object", file.toString(), "--type", "cert",
                "--label", certLabel));
        if (idHex != null) {
            args.addAll(List.of("--id", idHex));
        }
        pkcs11Tool(true, args);
    }

    /** Runs pkcs11-tool on this token's module; {@code login} adds the user PIN. */
    public String pkcs11Tool(boolean login, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", library().toString(), "--token-label",
                label));
        if (login) {
            cmd.addAll(List.of("--login", "--pin", USER_PIN));
        }
        cmd.addAll(args);
        return run(cmd);
    }

    /** Runs a command with this token's environment; fails the test on a non-zero exit. */
    public String run(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(cmd.get(0) + " is not installed (Debian packages softhsm2, opensc); CI installs it",
                    e);
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
            String text = new String(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s failed:%n%s", cmd, text).isZero();
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Parses a DER certificate. */
    public static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new AssertionError(e);
        }
    }
}
