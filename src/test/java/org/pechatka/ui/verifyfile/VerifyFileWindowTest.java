package org.pechatka.ui.verifyfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.files.FileSigner;
import org.pechatka.files.FileVerifier;
import org.pechatka.files.SignerTrust;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.testfx.api.FxRobot;

/**
 * The Verify file window: a file signed on a SoftHSM2 token (valid), the same file changed after
 * signing (not valid), a signer whose CA is not trusted, a detached and an attached {@code .p7s}
 * made by {@code openssl cms -sign}, a detached signature whose file must be chosen; the verdict in
 * words in each language (pictures in target/screenshots/verifyfile-*.png).
 */
class VerifyFileWindowTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private VerifyFileView view;

    @BeforeAll
    static void start() throws Exception {
        FxPlatform.start();
    }

    @AfterAll
    static void english() {
        Messages.use(Language.EN);
    }

    @AfterEach
    void close() throws Exception {
        if (view != null) {
            Fx.run(() -> view.stage().close());
        }
    }

    private static Token token() {
        return HSM.provider().tokens().get(0);
    }

    private Path document(String name) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, "Пратакол сходу, 23 лістапада\nMinutes of the meeting\n".repeat(40));
        return f;
    }

    /** Signs {@code file} on the SoftHSM2 token with the "rsa" key. */
    private static Path signOnToken(Path file, boolean attached) throws Exception {
        TokenCertificate c = token().certificates().stream()
                .filter(x -> x.certificate().equals(HSM.key("rsa").certificate())).findFirst().orElseThrow();
        return new FileSigner().sign(token(), c, List.of(), PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                new FileSigner.Request(file, null, attached, false)).signature();
    }

    private void open(X509Certificate trustedRoot) throws Exception {
        FileVerifier verifier = new FileVerifier(SignerTrust.of(new TrustAnchors(List.of(trustedRoot))),
                Clock.systemUTC());
        VerifyFileView.Chooser none = new VerifyFileView.Chooser() {
            @Override
            public Path signature(Stage owner, String title) {
                return null;
            }

            @Override
            public Path content(Stage owner, String title, Path near) {
                return null;
            }
        };
        view = Fx.on(() -> new VerifyFileView(new VerifyFileViewModel((s, c) -> verifier.verify(s, c, List.of())),
                none, null).show());
    }

    private static String text(String key, Object... args) {
        return Messages.forScreen(VerifyFileView.class).get(key, args);
    }

    /** Opens {@code p7s} in the window and waits for the verdict's title. */
    private String verdictOf(Path p7s) throws Exception {
        Fx.run(() -> view.open(p7s));
        return awaitVerdict();
    }

    private String awaitVerdict() throws Exception {
        Label title = Fx.lookup(view.stage(), "#verdictTitle");
        Fx.await("a verdict", () -> title.isVisible() && !title.getText().isEmpty());
        return Fx.on(title::getText);
    }

    @Test
    void whenTheFileIsSignedOnAToken_thenTheSignatureIsValidAndTheSignerShown() throws Exception {
        Messages.use(Language.EN);
        open(HSM.ca().caCertificate());
        Path doc = document("пратакол.txt");
        Path p7s = signOnToken(doc, false);
        assertThat(verdictOf(p7s)).isEqualTo(text("verdict.VALID"));
        Label content = Fx.lookup(view.stage(), "#contentName");
        assertThat(Fx.on(content::getText)).isEqualTo("пратакол.txt");
        HBox verdict = Fx.lookup(view.stage(), "#verdict");
        assertThat(Fx.on(verdict::getStyleClass)).contains("tone-good");
        assertThat(Fx.on(verdict::getAccessibleText)).startsWith(text("verdict.VALID") + ". ");
        Label signerVerdict = Fx.lookup(view.stage(), "#signer-1-verdict");
        assertThat(Fx.on(signerVerdict::getText)).endsWith(text("verdict.VALID"));
        String shown = Fx.on(() -> texts(view.stage().getScene().lookup("#signer-1")));
        String name = org.pechatka.cert.CertificateView.of(HSM.key("rsa").certificate()).fullName();
        assertThat(shown).contains(name).contains(text("trust.TRUSTED"))
                .contains(org.pechatka.ui.certificates.CertificatesViewModel.serialHex(HSM.key("rsa").certificate()));
        TitledPane details = Fx.lookup(view.stage(), "#signer-1-details");
        assertThat(Fx.on(details::isExpanded)).isFalse();
    }

    @Test
    void whenTheFileChangedAfterSigning_thenTheSignatureIsNotValid() throws Exception {
        Messages.use(Language.EN);
        open(HSM.ca().caCertificate());
        Path doc = document("invoice.txt");
        Path p7s = signOnToken(doc, false);
        Files.writeString(doc, "\nTotal: 1 000 000", java.nio.file.StandardOpenOption.APPEND);
        assertThat(verdictOf(p7s)).isEqualTo(text("verdict.CHANGED"));
        HBox verdict = Fx.lookup(view.stage(), "#verdict");
        assertThat(Fx.on(verdict::getStyleClass)).contains("tone-bad");
    }

    @Test
    void whenTheSignerIsNotTrusted_thenTheWindowSaysSoThoughTheSignatureHolds() throws Exception {
        Messages.use(Language.EN);
        open(TestCa.create("Some Other CA").caCertificate());
        Path doc = document("notice.txt");
        Path p7s = signOnToken(doc, true);
        assertThat(verdictOf(p7s)).isEqualTo(text("verdict.NOT_TRUSTED"));
        Label content = Fx.lookup(view.stage(), "#contentName");
        assertThat(Fx.on(content::getText)).isEqualTo("notice.txt"); // proposed and compared: the same file
        String shown = Fx.on(() -> texts(view.stage().getScene().lookup("#signer-1")));
        assertThat(shown).contains(text("trust.NOT_TRUSTED"));
    }

    @Test
    void whenOpensslMadeTheSignature_thenPechatkaVerifiesItDetachedAndAttached() throws Exception {
        Messages.use(Language.EN);
        TestCa ca = TestCa.create("OpenSSL Test CA");
        KeyPair key = TestCa.generateKeyPair(TestCa.KeyType.RSA_2048);
        X509Certificate cert = ca.issue(key.getPublic(), TestSubjects.belarusHeadOfOrganisation());
        Path certPem = tmp.resolve("signer.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Path keyPem = tmp.resolve("signer.key");
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getPrivate().getEncoded()));
        Path doc = document("openssl.txt");
        Path detached = tmp.resolve("openssl.txt.p7s");
        openssl("cms", "-sign", "-binary", "-in", doc.toString(), "-signer", certPem.toString(), "-inkey",
                keyPem.toString(), "-outform", "DER", "-out", detached.toString());
        Path attachedDir = Files.createDirectory(tmp.resolve("attached"));
        Path attached = attachedDir.resolve("openssl-inside.p7s");
        openssl("cms", "-sign", "-binary", "-nodetach", "-in", doc.toString(), "-signer", certPem.toString(),
                "-inkey", keyPem.toString(), "-outform", "DER", "-out", attached.toString());

        open(ca.caCertificate());
        assertThat(verdictOf(detached)).isEqualTo(text("verdict.VALID"));
        assertThat(verdictOf(attached)).isEqualTo(text("verdict.VALID"));
        Label content = Fx.lookup(view.stage(), "#contentName");
        assertThat(Fx.on(content::getText)).isEqualTo(text("content.none"));
    }

    @Test
    void whenTheSignedFileIsNotBeside_thenTheWindowAsksForItAndChecksWhenChosen() throws Exception {
        Messages.use(Language.EN);
        open(HSM.ca().caCertificate());
        Path doc = document("application.txt");
        Path p7s = signOnToken(doc, false);
        Path elsewhere = Files.move(p7s, Files.createDirectory(tmp.resolve("mail")).resolve("application.txt.p7s"));
        assertThat(verdictOf(elsewhere)).isEqualTo(text("problem.title"));
        Label why = Fx.lookup(view.stage(), "#verdictText");
        assertThat(Fx.on(why::getText)).isEqualTo(text("problem.contentNeeded"));
        Fx.run(() -> view.content(doc));
        Label title = Fx.lookup(view.stage(), "#verdictTitle");
        Fx.await("valid", () -> title.getText().equals(text("verdict.VALID")));
        robot.type(KeyCode.ESCAPE);
        Fx.await("closed by Escape", () -> !view.stage().isShowing());
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theVerdictInEachLanguage(Language language) throws Exception {
        Messages.use(language);
        Messages texts = Messages.forScreen(VerifyFileView.class, language);
        open(TestCa.create("Some Other CA").caCertificate());
        assertThat(view.stage().getTitle()).isEqualTo("Pechatka — " + texts.get("verifyfile.title"));
        Path empty = Fx.screenshot(view.stage().getScene(), "verifyfile-empty-" + language.tag());
        assertThat(Files.size(empty)).isPositive();
        Path doc = document("dakument-" + language.tag() + ".txt");
        Path p7s = signOnToken(doc, false);
        assertThat(verdictOf(p7s)).isEqualTo(texts.get("verdict.NOT_TRUSTED"));
        Fx.run(() -> view.stage().setHeight(Math.min(view.stage().getHeight(), 900)));
        Fx.screenshot(view.stage().getScene(), "verifyfile-untrusted-" + language.tag());
        Fx.run(() -> view.stage().close());

        open(HSM.ca().caCertificate());
        assertThat(verdictOf(p7s)).isEqualTo(texts.get("verdict.VALID"));
        Fx.screenshot(view.stage().getScene(), "verifyfile-valid-" + language.tag());
        Files.writeString(doc, "changed");
        Fx.run(() -> view.open(p7s));
        Label title = Fx.lookup(view.stage(), "#verdictTitle");
        Fx.await("changed", () -> title.getText().equals(texts.get("verdict.CHANGED")));
        Fx.screenshot(view.stage().getScene(), "verifyfile-changed-" + language.tag());
    }

    private static String texts(javafx.scene.Node node) {
        StringBuilder b = new StringBuilder();
        collect(node, b);
        return b.toString();
    }

    private static void collect(javafx.scene.Node node, StringBuilder b) {
        if (node instanceof Label l) {
            b.append(l.getText()).append('\n');
        }
        if (node instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(n -> collect(n, b));
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + out).isZero();
    }
}
