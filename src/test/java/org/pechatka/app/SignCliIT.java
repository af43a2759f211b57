package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.OpensslCms;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.file.Pkcs12Writer;

/**
 * {@code pechatka sign} and {@code pechatka verify FILE.p7s [FILE]} run from the packaged jar, with
 * keys on a SoftHSM2 token and in key files; the signatures checked by {@code openssl cms -verify},
 * and signatures made by {@code openssl cms -sign} checked by the jar.
 */
class SignCliIT {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final String PASSWORD = "файл-пароль";
    private static final byte[] DOCUMENT = "Dakument / документ / document\n".getBytes(StandardCharsets.UTF_8);

    private static Path base;
    private static Path keyFile;
    private static Path fileCaPem;
    private static Path hsmCaPem;
    private static TestCa fileCa;
    private static final java.util.Map<String, X509Certificate> CERTS = new java.util.HashMap<>();
    private static final java.util.Map<String, Path> NATIONAL_CA = new java.util.HashMap<>();

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void keys() throws Exception {
        base = Files.createTempDirectory(HSM.hsm().dir(), "cli");
        fileCa = TestCa.create("Pechatka CLI File CA", TestCa.KeyType.RSA_2048);
        List<Pkcs12Writer.Entry> entries = new ArrayList<>();
        for (TestCa.KeyType type : TestCa.KeyType.values()) {
            KeyPair pair = TestCa.generateKeyPair(type);
            X509Certificate cert = fileCa.issue(pair.getPublic(), TestSubjects.belarusHeadOfOrganisation());
            CERTS.put(type.name(), cert);
            entries.add(new Pkcs12Writer.Entry(type.name(), PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()),
                    cert));
        }
        for (NationalCa.Kind kind : NationalCa.Kind.values()) {
            NationalCa ca = NationalCa.create(kind, "CLI " + kind + " CA");
            NationalCa.Leaf leaf = ca.issue(kind == NationalCa.Kind.BIGN ? TestSubjects.belarusCitizen()
                    : TestSubjects.russianCitizen());
            CERTS.put(kind.name(), leaf.certificate());
            entries.add(new Pkcs12Writer.Entry(kind.name(), leaf.privateKey(), leaf.certificate()));
            NATIONAL_CA.put(kind.name(), Files.writeString(base.resolve(kind + "-ca.pem"),
                    pem("CERTIFICATE", ca.certificate().getEncoded())));
        }
        keyFile = Files.write(base.resolve("keys.p12"), Pkcs12Writer.write(entries, List.of(), PASSWORD.toCharArray()));
        fileCaPem = Files.writeString(base.resolve("file-ca.pem"), pem("CERTIFICATE",
                fileCa.caCertificate().getEncoded()));
        hsmCaPem = Files.writeString(base.resolve("hsm-ca.pem"), pem("CERTIFICATE",
                HSM.ca().caCertificate().getEncoded()));
    }

    /** The jar with these JVM options and arguments, {@code stdin} on standard input. */
    static Result run(List<String> jvm, List<String> args, String stdin) throws Exception {
        Path jar = Path.of(System.getProperty("pechatka.jar", "target/pechatka.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged application").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(HSM.hsm().environment());
        Path err = Files.createTempFile(base, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, Files.readString(err));
    }

    /** {@code pechatka sign} with only the SoftHSM2 module and the test key file. */
    static Result sign(Path dataDir, String stdin, String... args) throws Exception {
        return sign(List.of(), dataDir, stdin, args);
    }

    static Result sign(List<String> jvm, Path dataDir, String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("sign", "--no-discovery", "--data-dir", dataDir.toString(),
                "--pkcs11-module", SoftHsm.library().toString(), "--key-file", keyFile.toString()));
        all.addAll(List.of(args));
        return run(jvm, all, stdin);
    }

    static Result verify(Path dataDir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("verify", "--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return run(List.of(), all, null);
    }

    private static String certId(X509Certificate c) {
        return TokenCertificate.certId(c).substring(0, 12);
    }

    private static Path dir(String name) throws Exception {
        return Files.createTempDirectory(base, name);
    }

    @ParameterizedTest(name = "{0}, attached={1}")
    @CsvSource({"rsa, false", "rsa, true", "ec, false", "ec, true", "RSA_2048, false", "RSA_2048, true",
        "EC_P256, false", "EC_P256, true"})
    void whenSigningWithRsaOrEc_thenOpensslAndVerifyAccept(String key, boolean attached) throws Exception {
        boolean onToken = key.equals("rsa") || key.equals("ec");
        X509Certificate cert = onToken ? HSM.key(key).certificate() : CERTS.get(key);
        Path ca = onToken ? hsmCaPem : fileCaPem;
        Path dir = dir("sign");
        Path doc = Files.write(dir.resolve("заява.pdf"), DOCUMENT);
        List<String> args = new ArrayList<>(List.of(doc.toString(), "--cert", certId(cert), "--pin-stdin"));
        if (attached) {
            args.add("--attached");
        }
        Result r = sign(dir, (onToken ? SoftHsm.USER_PIN : PASSWORD) + "\n", args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        Path p7s = dir.resolve("заява.pdf.p7s");
        assertThat(r.out()).contains("Signed " + doc, "signature: " + p7s, attached ? "attached" : "detached");
        assertThat(openssl(p7s, attached ? null : doc, ca)).isTrue();

        Result v = verify(dir, p7s.toString(), "--issuer", ca.toString());
        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).contains("Signature verifies", "signature: verifies", "certificate: trusted",
                "signed at: ", "Signer 1: " + org.pechatka.cert.CertificateView.of(cert).displayName());
        if (!onToken) {
            assertThat(v.out()).contains("position: " + TestSubjects.BY_HEAD_POSITION,
                    "UNP: " + TestSubjects.BY_HEAD_UNP, "organisation: " + TestSubjects.BY_HEAD_ORGANIZATION);
        }
        if (!attached) {
            assertThat(v.out()).contains("(the signed file was taken from beside the signature)");
        }
        // without the CA the signature holds but the signer is not trusted
        Result untrusted = verify(dir, p7s.toString());
        assertThat(untrusted.exit()).as(untrusted.out()).isEqualTo(1);
        assertThat(untrusted.out()).contains("signature: verifies", "NOT TRUSTED", "Signature does NOT verify");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BIGN", "GOST_256", "GOST_512"})
    void whenSigningWithBignOrGost_thenVerifyAcceptsAndRefusesAChangedFile(String kind) throws Exception {
        Path dir = dir(kind);
        Path doc = Files.write(dir.resolve("doc.txt"), DOCUMENT);
        for (boolean attached : new boolean[] {false, true}) {
            Path out = dir.resolve(attached ? "attached.p7s" : "doc.txt.p7s");
            List<String> args = new ArrayList<>(List.of(doc.toString(), "--cert", certId(CERTS.get(kind)),
                    "--pin-stdin", "--out", out.toString()));
            if (attached) {
                args.add("--attached");
            }
            Result r = sign(dir, PASSWORD + "\n", args.toArray(String[]::new));
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains(kind.equals("BIGN") ? "bign-with-hbelt" : "GOST3411-2012-");
            Result v = verify(dir, out.toString(), "--issuer", NATIONAL_CA.get(kind).toString());
            assertThat(v.exit()).as(v.out() + v.err()).isZero();
            assertThat(v.out()).contains(kind.equals("BIGN") ? "digest BELT-HASH" : "digest STREEBOG-",
                    kind.equals("BIGN") ? "personal number: " : "INN: ");
        }
        Path other = Files.writeString(dir.resolve("other.txt"), "not the document");
        Result wrong = verify(dir, dir.resolve("doc.txt.p7s").toString(), other.toString(), "--issuer",
                NATIONAL_CA.get(kind).toString());
        assertThat(wrong.exit()).as(wrong.out()).isEqualTo(1);
        assertThat(wrong.out()).contains("DOES NOT MATCH THE FILE");
        Result notInside = verify(dir, dir.resolve("attached.p7s").toString(), other.toString(), "--issuer",
                NATIONAL_CA.get(kind).toString());
        assertThat(notInside.exit()).isEqualTo(1);
        assertThat(notInside.out()).contains("A DIFFERENT FILE");
    }

    @ParameterizedTest(name = "attached={0}")
    @ValueSource(booleans = {false, true})
    void whenOpensslSignedTheFile_thenVerifyAcceptsItAndATamperedFileExits1(boolean attached) throws Exception {
        Path dir = dir("openssl");
        Path doc = Files.write(dir.resolve("report.txt"), DOCUMENT);
        KeyPair pair = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate cert = fileCa.issue(pair.getPublic(), TestSubjects.russianDirector());
        Path certPem = Files.writeString(dir.resolve("signer.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyPem = Files.writeString(dir.resolve("signer.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Path p7s = dir.resolve("report.txt.p7s");
        List<String> cmd = new ArrayList<>(List.of("openssl", "cms", "-sign", "-binary", "-cades", "-in",
                doc.toString(), "-signer", certPem.toString(), "-inkey", keyPem.toString(), "-outform", "DER",
                "-out", p7s.toString()));
        if (attached) {
            cmd.add("-nodetach");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();

        Result v = verify(dir, p7s.toString(), "--issuer", fileCaPem.toString());
        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).contains("Signature verifies", "SHA256withECDSA", attached ? "(attached)" : "(detached)");

        if (!attached) {
            byte[] changed = DOCUMENT.clone();
            changed[0] ^= 1;
            Files.write(doc, changed);
            Result tampered = verify(dir, p7s.toString(), doc.toString(), "--issuer", fileCaPem.toString());
            assertThat(tampered.exit()).as(tampered.out()).isEqualTo(1);
            assertThat(tampered.out()).contains("DOES NOT MATCH THE FILE", "Signature does NOT verify");
            Files.delete(doc);
            Result noFile = verify(dir, p7s.toString(), "--issuer", fileCaPem.toString());
            assertThat(noFile.exit()).isEqualTo(2);
            assertThat(noFile.err()).contains("is a detached signature");
        }
    }

    @Test
    void whenTheSignatureExists_thenItIsKeptWithoutForce_andReplacedWithIt() throws Exception {
        Path dir = dir("force");
        Path doc = Files.write(dir.resolve("doc.txt"), DOCUMENT);
        Path p7s = Files.writeString(dir.resolve("doc.txt.p7s"), "an earlier signature");
        String cert = certId(CERTS.get("EC_P256"));
        Result refused = sign(dir, PASSWORD + "\n", doc.toString(), "--cert", cert, "--pin-stdin");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("exists already", "--force");
        assertThat(Files.readString(p7s)).isEqualTo("an earlier signature");

        Result wrongPin = sign(dir, "wrong\n", doc.toString(), "--cert", cert, "--pin-stdin", "--force");
        assertThat(wrongPin.exit()).as(wrongPin.err()).isEqualTo(1);
        assertThat(Files.readString(p7s)).isEqualTo("an earlier signature");

        Result forced = sign(dir, PASSWORD + "\n", doc.toString(), "--cert", cert, "--pin-stdin", "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(verify(dir, p7s.toString(), "--issuer", fileCaPem.toString()).exit()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("doc.txt", "doc.txt.p7s");
        }
    }

    @Test
    void whenAskedOnATerminal_thenThePasswordIsNotEchoedAndAWrongOneIsAskedAgain() throws Exception {
        Path dir = dir("terminal");
        Path doc = Files.write(dir.resolve("doc.txt"), DOCUMENT);
        Path jar = Path.of(System.getProperty("pechatka.jar", "target/pechatka.jar")).toAbsolutePath();
        String command = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "sign", "--no-discovery", "--data-dir",
                dir.toString(), "--key-file", keyFile.toString(), "--cert", certId(CERTS.get("EC_P256")),
                doc.toString());
        // util-linux script(1) gives the application a terminal, as a person at a console has
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        var out = p.getInputStream();
        var in = p.getOutputStream();
        StringBuilder seen = new StringBuilder();
        List<String> answers = List.of("not-the-password", PASSWORD);
        for (int i = 0; i < answers.size(); i++) {
            // wait for the (i+1)th prompt, then type: the answer arrives while echo is off
            while (count(seen, "Password of the key file") <= i || !seen.toString().endsWith(": ")) {
                int c = out.read();
                assertThat(c).as(seen.toString()).isNotNegative();
                seen.append((char) c);
            }
            in.write((answers.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        String rest = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String all = seen + rest;
        assertThat(p.exitValue()).as(all).isZero();
        assertThat(all).contains("wrong password", "Signed " + doc).doesNotContain(PASSWORD, "not-the-password");
        assertThat(dir.resolve("doc.txt.p7s")).exists();
    }

    @Test
    void whenTheInputIsWrong_thenExit2WithAReason() throws Exception {
        Path dir = dir("wrong");
        Result missing = sign(dir, PASSWORD + "\n", dir.resolve("absent.txt").toString(), "--pin-stdin");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
        Path doc = Files.write(dir.resolve("doc.txt"), DOCUMENT);
        Result ambiguous = sign(dir, PASSWORD + "\n", doc.toString(), "--pin-stdin");
        assertThat(ambiguous.exit()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("certificates fit; choose one with --cert",
                org.pechatka.cert.CertificateView.of(HSM.key("ec").certificate()).displayName(),
                certId(CERTS.get("BIGN")).substring(0, 12));
        Result noTerminal = sign(dir, null, doc.toString(), "--subject", "no such person");
        assertThat(noTerminal.exit()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("no terminal to ask the PIN on", "--pin-stdin");
        Result nobody = sign(dir, PASSWORD + "\n", doc.toString(), "--subject", "no such person", "--pin-stdin");
        assertThat(nobody.exit()).isEqualTo(1);
        assertThat(nobody.err()).contains("no certificate with a private key matches");
        assertThat(dir.resolve("doc.txt.p7s")).doesNotExist();
        Result junk = verify(dir, Files.writeString(dir.resolve("junk.p7s"), "junk").toString());
        assertThat(junk.exit()).isEqualTo(2);
    }

    @Test
    void whenA200MegabyteFileIsSignedIn64MegabytesOfHeap_thenBothFormsAreWrittenAndVerify() throws Exception {
        Path dir = dir("big");
        Path big = dir.resolve("big.iso");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(200L << 20);
            f.seek(150L << 20);
            f.write(DOCUMENT);
        }
        // a 200 MiB array cannot exist in a 64 MiB heap: the file is streamed, or this fails
        List<String> smallHeap = List.of("-Xmx64m");
        String cert = certId(CERTS.get("EC_P256"));
        Result detached = sign(smallHeap, dir, PASSWORD + "\n", big.toString(), "--cert", cert, "--pin-stdin");
        assertThat(detached.exit()).as(detached.out() + detached.err()).isZero();
        Result attached = sign(smallHeap, dir, PASSWORD + "\n", big.toString(), "--cert", cert, "--pin-stdin",
                "--attached", "--out", dir.resolve("big-attached.p7s").toString());
        assertThat(attached.exit()).as(attached.out() + attached.err()).isZero();
        assertThat(Files.size(dir.resolve("big-attached.p7s"))).isGreaterThan(200L << 20);
        for (String sig : List.of("big.iso.p7s", "big-attached.p7s")) {
            Result v = run(smallHeap, List.of("verify", "--data-dir", dir.toString(), dir.resolve(sig).toString(),
                    "--issuer", fileCaPem.toString()), null);
            assertThat(v.exit()).as(v.out() + v.err()).isZero();
            assertThat(v.out()).contains((200L << 20) + " bytes");
        }
        assertThat(openssl(dir.resolve("big.iso.p7s"), big, fileCaPem)).isTrue();
        Files.delete(dir.resolve("big-attached.p7s"));
    }

    private static int count(CharSequence text, String what) {
        return text.toString().split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** {@code openssl cms -verify}: true when it verifies (an attached signature holding DOCUMENT), false when not. */
    static boolean openssl(Path signature, Path content, Path caPem) throws Exception {
        byte[] extracted = OpensslCms.verify(base, signature, content, caPem);
        if (extracted != null && content == null) {
            assertThat(extracted).isEqualTo(DOCUMENT);
        }
        return extracted != null;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
