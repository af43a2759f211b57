package org.pechatka.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.OpensslCms;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.file.KeyFileProvider;
import org.pechatka.token.file.Pkcs12Writer;

/**
 * Files signed to {@code .p7s} on a real SoftHSM2 token and from key files (RSA, EC, bign, GOST),
 * checked by {@code openssl cms -verify} and by Pechatka's verifier; {@code .p7s} made by
 * {@code openssl cms -sign} checked by Pechatka; tampering, wrong files, overwriting, a big file.
 */
class FileSignerTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final char[] PASSWORD = "пароль файла".toCharArray();
    private static final byte[] DOCUMENT = "Заява / заявление / application №42\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    private static KeyFileProvider keyFiles;
    private static TestCa fileCa;
    private static NationalCa bignCa;
    private static NationalCa gost256Ca;
    private static NationalCa gost512Ca;

    @BeforeAll
    static void keyFiles() throws Exception {
        fileCa = TestCa.create("Pechatka File CA", TestCa.KeyType.RSA_2048);
        bignCa = NationalCa.create(NationalCa.Kind.BIGN, "Bign File CA");
        gost256Ca = NationalCa.create(NationalCa.Kind.GOST_256, "GOST File CA");
        gost512Ca = NationalCa.create(NationalCa.Kind.GOST_512, "GOST 512 File CA");
        List<Pkcs12Writer.Entry> entries = new ArrayList<>();
        for (TestCa.KeyType type : TestCa.KeyType.values()) {
            KeyPair pair = TestCa.generateKeyPair(type);
            entries.add(new Pkcs12Writer.Entry("file-" + type, PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()),
                    fileCa.issue(pair.getPublic(), TestSubjects.belarusCitizen())));
        }
        NationalCa.Leaf bign = bignCa.issue(TestSubjects.belarusCitizen());
        NationalCa.Leaf gost256 = gost256Ca.issue(TestSubjects.russianCitizen());
        NationalCa.Leaf gost512 = gost512Ca.issue(TestSubjects.russianDirector());
        entries.add(new Pkcs12Writer.Entry("bign", bign.privateKey(), bign.certificate()));
        entries.add(new Pkcs12Writer.Entry("gost256", gost256.privateKey(), gost256.certificate()));
        entries.add(new Pkcs12Writer.Entry("gost512", gost512.privateKey(), gost512.certificate()));
        Path file = keys.resolve("signer.p12");
        Files.write(file, Pkcs12Writer.write(entries, List.of(), PASSWORD));
        keyFiles = new KeyFileProvider(List.of(file), null, Duration.ofSeconds(1));
    }

    @AfterAll
    static void close() {
        keyFiles.close();
    }

    /** The SoftHSM2 token and its certificate for a fixture key. */
    private static Signer hsm(String key) throws Exception {
        Token token = HSM.provider().tokens().get(0);
        X509Certificate cert = HSM.key(key).certificate();
        TokenCertificate tc = token.certificates().stream().filter(c -> c.certificate().equals(cert)).findFirst()
                .orElseThrow();
        return new Signer(token, tc, PinSource.fixed(SoftHsm.USER_PIN.toCharArray()), HSM.ca().caCertificate());
    }

    /** The key file and the certificate whose key is of this kind. */
    private static Signer keyFile(String kind) throws Exception {
        Token token = keyFiles.tokens().get(0);
        X509Certificate caCert = switch (kind) {
            case "RSA", "EC" -> fileCa.caCertificate();
            case "bign" -> bignCa.certificate();
            case "GOST256" -> gost256Ca.certificate();
            case "GOST512" -> gost512Ca.certificate();
            default -> throw new IllegalArgumentException(kind);
        };
        TokenCertificate tc = token.certificates().stream()
                .filter(c -> c.certificate().getIssuerX500Principal().equals(caCert.getSubjectX500Principal()))
                .filter(c -> !kind.equals("RSA") && !kind.equals("EC")
                        || c.certificate().getPublicKey().getAlgorithm().startsWith(kind))
                .findFirst().orElseThrow();
        return new Signer(token, tc, PinSource.fixed(PASSWORD), caCert);
    }

    record Signer(Token token, TokenCertificate certificate, PinSource pins, X509Certificate ca) {

        FileSigner.Signed sign(FileSigner.Request request) throws Exception {
            return new FileSigner().sign(token, certificate, List.of(ca), pins, request);
        }

        FileVerification verify(Path signature, Path content) throws IOException {
            return new FileVerifier(SignerTrust.of(new TrustAnchors(List.of(ca)))).verify(signature, content, List.of());
        }
    }

    private Path document() throws IOException {
        return Files.write(dir.resolve("заява.txt"), DOCUMENT);
    }

    @ParameterizedTest(name = "{0} {1}, attached={2}")
    @CsvSource({
        "softhsm, rsa, false", "softhsm, rsa, true", "softhsm, ec, false", "softhsm, ec, true",
        "keyfile, RSA, false", "keyfile, RSA, true", "keyfile, EC, false", "keyfile, EC, true"
    })
    void whenSigningWithRsaOrEc_thenOpensslAndPechatkaVerifyTheP7s(String where, String key, boolean attached)
            throws Exception {
        Signer signer = where.equals("softhsm") ? hsm(key) : keyFile(key);
        Path doc = document();

        FileSigner.Signed signed = signer.sign(new FileSigner.Request(doc, null, attached, false));

        assertThat(signed.signature()).isEqualTo(dir.resolve("заява.txt.p7s")).exists();
        assertThat(signed.attached()).isEqualTo(attached);
        assertThat(signed.bytesSigned()).isEqualTo(DOCUMENT.length);
        CMSSignedData cms = new CMSSignedData(Files.readAllBytes(signed.signature()));
        assertThat(cms.getSignedContent() != null).isEqualTo(attached);
        assertThat(Openssl.verify(dir, signed.signature(), attached ? null : doc, signer.ca()))
                .as("openssl cms -verify").isEqualTo(attached ? DOCUMENT : new byte[0]);

        FileVerification v = signer.verify(signed.signature(), attached ? null : doc);
        assertThat(v.verified()).as(v.toString()).isTrue();
        assertThat(v.attached()).isEqualTo(attached);
        SignerCheck s = v.signers().get(0);
        assertThat(s.signer().certificate()).isEqualTo(signer.certificate().certificate());
        assertThat(s.signer().attribute(PersonalAttribute.FULL_NAME)).isPresent();
        assertThat(s.signingTime()).isEqualTo(signed.signingTime());
        assertThat(s.signatureAlgorithm()).isEqualTo(signed.algorithm().name());
        assertThat(s.digestAlgorithm()).isEqualTo(signed.algorithm().hash().protocolName());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bign", "GOST256", "GOST512"})
    void whenSigningWithNationalKeys_thenPechatkaVerifiesDetachedAndAttachedAndSeesTampering(String kind)
            throws Exception {
        Signer signer = keyFile(kind);
        Path doc = document();
        for (boolean attached : new boolean[] {false, true}) {
            Path out = dir.resolve(kind + attached + ".p7s");
            FileSigner.Signed signed = signer.sign(new FileSigner.Request(doc, out, attached, false));
            FileVerification v = signer.verify(out, attached ? null : doc);
            assertThat(v.verified()).as(v.toString()).isTrue();
            assertThat(v.signers().get(0).signatureAlgorithm()).isEqualTo(signed.algorithm().name());
            assertThat(v.signers().get(0).digestAlgorithm()).isEqualTo(switch (kind) {
                case "bign" -> "BELT-HASH";
                case "GOST256" -> "STREEBOG-256";
                default -> "STREEBOG-512";
            });
        }
        Path changed = Files.write(dir.resolve("changed.txt"), "Заява / заявление / application №43\n"
                .getBytes(StandardCharsets.UTF_8));
        FileVerification wrong = signer.verify(dir.resolve(kind + "false.p7s"), changed);
        assertThat(wrong.verified()).isFalse();
        assertThat(wrong.signers().get(0).outcome()).isEqualTo(SignerCheck.Outcome.CONTENT_CHANGED);
        // an attached signature compared with another file
        FileVerification other = signer.verify(dir.resolve(kind + "true.p7s"), changed);
        assertThat(other.sameAsGivenContent()).isFalse();
        assertThat(other.verified()).isFalse();
    }

    @Test
    void whenTheFileIsChangedOrAnotherFileIsGiven_thenItDoesNotVerify() throws Exception {
        Signer signer = hsm("ec");
        Path doc = document();
        Path sig = signer.sign(FileSigner.Request.detached(doc)).signature();
        byte[] tampered = DOCUMENT.clone();
        tampered[3] ^= 1;
        Files.write(doc, tampered);
        FileVerification v = signer.verify(sig, doc);
        assertThat(v.verified()).isFalse();
        assertThat(v.signers().get(0).outcome()).isEqualTo(SignerCheck.Outcome.CONTENT_CHANGED);
        assertThat(Openssl.verify(dir, sig, doc, signer.ca())).isNull();

        // a changed signature byte: the signature itself no longer verifies
        Files.write(doc, DOCUMENT);
        byte[] p7s = Files.readAllBytes(sig);
        p7s[p7s.length - 5] ^= 1;
        Path bad = Files.write(dir.resolve("bad.p7s"), p7s);
        FileVerification badSig = signer.verify(bad, doc);
        assertThat(badSig.verified()).isFalse();
        assertThat(badSig.signers().get(0).outcome()).isEqualTo(SignerCheck.Outcome.SIGNATURE_INVALID);
    }

    @Test
    void whenTheSignerIsNotInTheTrustStore_thenTheSignatureHoldsButIsNotVerified() throws Exception {
        Signer signer = hsm("rsa");
        Path doc = document();
        Path sig = signer.sign(FileSigner.Request.detached(doc)).signature();
        FileVerification v = new FileVerifier(SignerTrust.of(new TrustAnchors(List.of(fileCa.caCertificate()))))
                .verify(sig, doc, List.of());
        assertThat(v.signers().get(0).outcome()).isEqualTo(SignerCheck.Outcome.VALID);
        assertThat(v.signers().get(0).trust()).isEqualTo(SignerCheck.Trust.NOT_TRUSTED);
        assertThat(v.verified()).isFalse();
    }

    @Test
    void whenTheFileChangesBetweenHashingAndTheAttachedCopy_thenNothingIsWritten() throws Exception {
        Signer signer = keyFile("EC");
        Path doc = document();
        Path detached = signer.sign(new FileSigner.Request(doc, dir.resolve("d.p7s"), false, false)).signature();
        byte[] signedDigest = FileSigner.hash(doc, org.pechatka.crypto.HashAlgorithm.SHA_256);
        Files.write(doc, "Заява / заявление / application №43\n".getBytes(StandardCharsets.UTF_8));
        Path target = dir.resolve("a.p7s");
        AttachedSignature attached = new AttachedSignature(Files.readAllBytes(detached), doc, Files.size(doc),
                org.pechatka.crypto.HashAlgorithm.SHA_256, signedDigest);
        assertThatThrownBy(() -> org.pechatka.platform.AtomicFiles.writeNew(target, attached, false))
                .hasMessageContaining("changed while it was being signed");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("заява.txt", "d.p7s");
        }
    }

    @Test
    void whenLengthsNeedLongForms_thenTheDerHeadersAreMinimal() {
        assertThat(AttachedSignature.header(0x04, 0x7f)).containsExactly(0x04, 0x7f);
        assertThat(AttachedSignature.header(0x04, 0x80)).containsExactly(0x04, 0x81, 0x80);
        assertThat(AttachedSignature.header(0x30, 0x1_0000)).containsExactly(0x30, 0x83, 0x01, 0x00, 0x00);
        assertThat(AttachedSignature.header(0xA0, 5_000_000_000L))
                .containsExactly(0xA0, 0x85, 0x01, 0x2A, 0x05, 0xF2, 0x00);
    }

    @Test
    void whenASignatureExists_thenItIsNotOverwrittenWithoutOverwrite() throws Exception {
        Signer signer = hsm("ec");
        Path doc = document();
        Path existing = Files.writeString(dir.resolve("заява.txt.p7s"), "someone's earlier signature");
        assertThatThrownBy(() -> signer.sign(FileSigner.Request.detached(doc)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(existing)).isEqualTo("someone's earlier signature");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("заява.txt",
                    "заява.txt.p7s");
        }
        signer.sign(new FileSigner.Request(doc, null, false, true));
        assertThat(signer.verify(existing, doc).verified()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Mode.class)
    void whenOpensslSignsAFile_thenPechatkaVerifiesIt(Mode mode) throws Exception {
        KeyPair pair = TestCa.generateKeyPair(mode.keyType);
        X509Certificate cert = fileCa.issue(pair.getPublic(), TestSubjects.russianCitizen());
        Path doc = document();
        Path certPem = Files.writeString(dir.resolve("signer.pem"), Openssl.pem("CERTIFICATE", cert.getEncoded()));
        Path keyPem = Files.writeString(dir.resolve("signer.key"), Openssl.pem("PRIVATE KEY",
                pair.getPrivate().getEncoded()));
        Path sig = dir.resolve("openssl.p7s");
        List<String> cmd = new ArrayList<>(List.of("openssl", "cms", "-sign", "-binary", "-in", doc.toString(),
                "-signer", certPem.toString(), "-inkey", keyPem.toString(), "-outform", mode.pem ? "PEM" : "DER",
                "-out", sig.toString()));
        if (!mode.attached) {
            cmd.add("-cades"); // the ESS signing-certificate-v2 attribute, checked by Pechatka
        } else {
            cmd.add("-nodetach");
        }
        Openssl.run(cmd);
        Signer verifierOnly = new Signer(null, null, null, fileCa.caCertificate());
        FileVerification v = verifierOnly.verify(sig, mode.attached ? null : doc);
        assertThat(v.verified()).as(v.toString()).isTrue();
        assertThat(v.attached()).isEqualTo(mode.attached);
        assertThat(v.contentBytes()).isEqualTo(DOCUMENT.length);
        assertThat(v.signers().get(0).signer().certificate()).isEqualTo(cert);
        assertThat(v.signers().get(0).signingTime()).isBetween(Instant.now().minusSeconds(120), Instant.now());
        Path other = Files.write(dir.resolve("other.txt"), "other".getBytes(StandardCharsets.UTF_8));
        FileVerification wrong = verifierOnly.verify(sig, other);
        assertThat(wrong.verified()).isFalse();
        if (!mode.attached) {
            assertThat(wrong.signers().get(0).outcome()).isEqualTo(SignerCheck.Outcome.CONTENT_CHANGED);
            assertThatThrownBy(() -> verifierOnly.verify(sig, null))
                    .isInstanceOf(FileVerifier.ContentNeededException.class);
        }
    }

    enum Mode {
        DETACHED_EC_DER(TestCa.KeyType.EC_P256, false, false),
        ATTACHED_EC_DER(TestCa.KeyType.EC_P256, true, false),
        DETACHED_RSA_PEM(TestCa.KeyType.RSA_2048, false, true),
        ATTACHED_RSA_DER(TestCa.KeyType.RSA_2048, true, false);

        final TestCa.KeyType keyType;
        final boolean attached;
        final boolean pem;

        Mode(TestCa.KeyType keyType, boolean attached, boolean pem) {
            this.keyType = keyType;
            this.attached = attached;
            this.pem = pem;
        }
    }

    @Test
    void whenTheInputIsNotASignature_thenItIsRefusedAsUnreadable() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.p7s"), "not a signature");
        assertThat(FileVerifier.looksLikeSignature(junk)).isFalse();
        assertThatThrownBy(() -> new FileVerifier(SignerTrust.of(new TrustAnchors(List.of())))
                .verify(junk, null, List.of())).isInstanceOf(FileVerifier.NotASignatureException.class);
    }

    @Test
    void whenAFileOf200MegabytesIsSigned_thenBothFormsVerify() throws Exception {
        Signer signer = keyFile("EC");
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(200L << 20); // sparse: nothing to write, 200 MiB to read
            f.seek(123_456_789);
            f.write("middle".getBytes(StandardCharsets.US_ASCII));
        }
        for (boolean attached : new boolean[] {false, true}) {
            Path out = dir.resolve("big" + attached + ".p7s");
            signer.sign(new FileSigner.Request(big, out, attached, false));
            FileVerification v = signer.verify(out, attached ? null : big);
            assertThat(v.verified()).as(v.toString()).isTrue();
            assertThat(v.contentBytes()).isEqualTo(200L << 20);
            if (attached) {
                assertThat(Files.size(out)).isGreaterThan(200L << 20);
                assertThat(Openssl.verify(dir, out, null, signer.ca())).hasSize(200 << 20);
            }
            Files.delete(out);
        }
    }

    /** {@code openssl cms}, the independent party. */
    static final class Openssl {

        /**
         * {@code openssl cms -verify}: the content it took out (empty for detached), or null when
         * verification failed.
         */
        static byte[] verify(Path dir, Path signature, Path content, X509Certificate ca) throws Exception {
            Path caPem = Files.writeString(Files.createTempFile(dir, "ca", ".pem"), pem("CERTIFICATE", ca.getEncoded()));
            return OpensslCms.verify(dir, signature, content, caPem);
        }

        static void run(List<String> cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(cmd + "\n" + text).isZero();
        }

        static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }
    }
}
