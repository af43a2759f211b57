package org.pechatka.token.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.testing.KeyOnlyFile;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.testing.SignatureCheck;
import org.pechatka.testing.TestCa;
import org.pechatka.token.KeyRef;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.KeyWithoutCertificate;
import org.pechatka.token.SignInput;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;

/**
 * A request made in a new key file, then its certificate imported (real files, the real openssl):
 * the key alone is listed as a key without a certificate; the import writes a NEW key file with the
 * key, the certificate and the CA certificate under the same password, which openssl and Pechatka
 * open and which signs; the old file stays byte for byte; importing again, a wrong password, or a
 * certificate for another key write nothing.
 */
class KeyFileImportTest {

    private static final String PASSWORD = "Correct horse 7";
    private static final byte[] DATA = "renewal end to end".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Token tokenFor(Path file) {
        return new KeyFileProvider(List.of(file), null, Duration.ofSeconds(5)).tokens().get(0);
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aKeyWithoutItsCertificateIsListedWithoutThePassword() throws Exception {
        KeyOnlyFile made = KeyOnlyFile.create(dir.resolve("request.p12"), PASSWORD);
        Token token = tokenFor(made.file());
        assertThat(token.certificates()).isEmpty();
        List<KeyWithoutCertificate> keys = token.keysWithoutCertificate();
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).keyId()).isEqualTo(made.keyId());
        assertThat(keys.get(0).label()).isEqualTo("Pechatka request");
    }

    @Test
    void theCertificateGoesWithItsKeyIntoANewFileAndTheOldOneStays() throws Exception {
        KeyOnlyFile made = KeyOnlyFile.create(dir.resolve("request.p12"), PASSWORD);
        byte[] before = Files.readAllBytes(made.file());
        TestCa ca = TestCa.create("Key File Import CA");
        X509Certificate cert = ca.issue(made.publicKey(), KeyOnlyFile.subject());

        KeyFileImport.Result result;
        try (KeyFileImport.Unlocked file = KeyFileImport.unlock(tokenFor(made.file()), new ScriptedPins(PASSWORD))) {
            result = file.add(cert, List.of(ca.caCertificate()));
        }
        String day = cert.getNotBefore().toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        Path expected = dir.resolve("request-" + day + ".p12");
        assertThat(result).isEqualTo(new KeyFileImport.Written(expected, made.file().toAbsolutePath().normalize()));
        assertThat(Files.readAllBytes(made.file())).as("the old key file unchanged").isEqualTo(before);

        // openssl opens it with the password and finds the key and the certificate, which match
        Process p = new ProcessBuilder("openssl", "pkcs12", "-info", "-nodes", "-passin", "pass:" + PASSWORD,
                "-in", expected.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("PBES2").contains("BEGIN PRIVATE KEY").contains("subject=CN = Key File Person")
                .contains("CN = Key File Import CA");
        Path pem = dir.resolveSibling(dir.getFileName() + "-out.pem");
        Process certKey = new ProcessBuilder("sh", "-c", "openssl pkcs12 -in \"$1\" -nodes -passin pass:\"$2\" -clcerts"
                + " -out \"$3\" && openssl x509 -in \"$3\" -noout -pubkey && openssl pkey -in \"$3\" -pubout", "sh",
                expected.toString(), PASSWORD, pem.toString()).redirectErrorStream(true).start();
        String keys = new String(certKey.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(certKey.waitFor()).as(keys).isZero();
        String[] halves = keys.split("(?<=-----END PUBLIC KEY-----\n)");
        assertThat(halves).hasSize(2);
        assertThat(halves[0]).as("the certificate's key is the private key's").isEqualTo(halves[1]);
        Files.deleteIfExists(pem);

        // Pechatka opens it with the same password: the certificate with its key, which signs
        Token renewed = tokenFor(expected);
        try (TokenSession s = renewed.open(new ScriptedPins(PASSWORD), TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).extracting(TokenCertificate::certificate).containsExactly(cert);
            assertThat(s.certificates().get(0).keyStatus()).isEqualTo(KeyStatus.PRIVATE_KEY);
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded());
            KeyRef key = s.findKey(spki).orElseThrow();
            byte[] raw = s.sign(key, SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_ECDSA, spki, DATA, raw)).isTrue();
        }
        assertThat(renewed.keysWithoutCertificate()).isEmpty();
        assertThat(renewed.certificates()).extracting(TokenCertificate::certificate)
                .contains(cert, ca.caCertificate());

        // the same certificate again: nothing written, the file that holds it named
        List<Path> after = files();
        try (KeyFileImport.Unlocked file = KeyFileImport.unlock(tokenFor(made.file()), new ScriptedPins(PASSWORD))) {
            assertThat(file.add(cert, List.of(ca.caCertificate()))).isEqualTo(new KeyFileImport.AlreadyPresent(expected));
        }
        try (KeyFileImport.Unlocked file = KeyFileImport.unlock(renewed, new ScriptedPins(PASSWORD))) {
            assertThat(file.add(cert, List.of())).isInstanceOf(KeyFileImport.AlreadyPresent.class);
        }
        assertThat(files()).isEqualTo(after);
        assertThat(Files.readAllBytes(made.file())).isEqualTo(before);
    }

    @Test
    void anExistingFileOfThatNameIsNeverOverwritten() throws Exception {
        KeyOnlyFile made = KeyOnlyFile.create(dir.resolve("request.p12"), PASSWORD);
        TestCa ca = TestCa.create("Key File Import CA");
        X509Certificate cert = ca.issue(made.publicKey(), KeyOnlyFile.subject());
        String day = cert.getNotBefore().toInstant().atZone(ZoneOffset.UTC).toLocalDate().toString();
        Path taken = dir.resolve("request-" + day + ".p12");
        Files.writeString(taken, "someone else's file");
        try (KeyFileImport.Unlocked file = KeyFileImport.unlock(tokenFor(made.file()), new ScriptedPins(PASSWORD))) {
            assertThat(file.add(cert, List.of())).isEqualTo(new KeyFileImport.Written(
                    dir.resolve("request-" + day + "-2.p12"), made.file().toAbsolutePath().normalize()));
        }
        assertThat(Files.readString(taken)).isEqualTo("someone else's file");
    }

    @Test
    void aWrongPasswordWritesNothing() throws Exception {
        KeyOnlyFile made = KeyOnlyFile.create(dir.resolve("request.p12"), PASSWORD);
        List<Path> before = files();
        ScriptedPins pins = new ScriptedPins("not the password", ScriptedPins.CANCEL);
        assertThatThrownBy(() -> KeyFileImport.unlock(tokenFor(made.file()), pins))
                .isInstanceOf(PechatkaException.UserCancelled.class);
        assertThat(pins.requests()).hasSize(2);
        assertThat(pins.requests().get(1).previousFailure()).isNotNull();
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void aCertificateForAnotherKeyWritesNothing() throws Exception {
        KeyOnlyFile made = KeyOnlyFile.create(dir.resolve("request.p12"), PASSWORD);
        KeyOnlyFile other = KeyOnlyFile.create(dir.resolveSibling(dir.getFileName() + "-other").resolve("x.p12"),
                PASSWORD);
        X509Certificate foreign = TestCa.create("Other CA").issue(other.publicKey(), KeyOnlyFile.subject());
        List<Path> before = files();
        try (KeyFileImport.Unlocked file = KeyFileImport.unlock(tokenFor(made.file()), new ScriptedPins(PASSWORD))) {
            assertThat(file.add(foreign, List.of())).isEqualTo(new KeyFileImport.NoKey());
        }
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void onlyKeyFilesAreOpenedThisWay() {
        Token notAFile = new org.pechatka.token.Token() {
            @Override public String id() { return "x"; }
            @Override public org.pechatka.token.TokenInfo info() { return null; }
            @Override public List<TokenCertificate> certificates() { return List.of(); }
            @Override public java.util.Set<org.pechatka.crypto.SignatureAlgorithm> signatureAlgorithms() { return java.util.Set.of(); }
            @Override public List<String> mechanismNames() { return List.of(); }
            @Override public TokenSession open(org.pechatka.token.PinSource pins, TokenSession.Access a) { return null; }
        };
        assertThat(KeyFileImport.isKeyFile(notAFile)).isFalse();
        assertThatThrownBy(() -> KeyFileImport.unlock(notAFile, new ScriptedPins()))
                .isInstanceOf(PechatkaException.OperationNotAllowed.class);
    }
}
