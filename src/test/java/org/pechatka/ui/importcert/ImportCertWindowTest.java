package org.pechatka.ui.importcert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.TrustStore;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestCa;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.truststore.ScriptedFiles;
import org.pechatka.ui.truststore.TestChain;
import org.pechatka.ui.truststore.TrustStoreView;
import org.pechatka.ui.truststore.TrustStoreViewModel;
import org.testfx.api.FxRobot;

/**
 * Import… of the Certificates window on a real SoftHSM2 token, by keyboard: a certificate whose
 * key is on the token is stored next to it (the PIN asked in the import's own dialog); a PKCS#7
 * chain stores the person's certificate and offers its CA certificates one by one (one confirmed,
 * one refused, checked in the trust store's folders, none written to the token); the same
 * certificate again is not written twice; a certificate without its key on the token writes
 * nothing and says so plainly, while its CA certificates are still offered.
 */
class ImportCertWindowTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.empty();

    @TempDir
    Path tmp;

    private static TokenRegistry registry;
    private static String tokenId;
    private static TestChain chain;
    private static SubjectPublicKeyInfo single;
    private static SubjectPublicKeyInfo forChain;
    private static SubjectPublicKeyInfo twice;

    private final FxRobot robot = new FxRobot();
    private final ScriptedFiles files = new ScriptedFiles();
    private final Messages texts = Messages.forScreen(ImportCertView.class, Language.EN);
    private final Messages trustTexts = Messages.forScreen(TrustStoreView.class, Language.EN);
    private TrustStore store;
    private Stage stage;

    @BeforeAll
    static void token() throws Exception {
        FxPlatform.start();
        single = HSM.hsm().generateKey("EC:prime256v1", "a1", "request one", false);
        forChain = HSM.hsm().generateKey("EC:prime256v1", "a2", "request two", false);
        twice = HSM.hsm().generateKey("EC:prime256v1", "a3", "request three", false);
        registry = new TokenRegistry(List.of(HSM.provider()));
        tokenId = registry.tokens().get(0).id();
        chain = new TestChain("Import");
    }

    @BeforeEach
    void language() {
        Messages.use(Language.EN);
        store = new TrustStore(tmp.resolve("data/trust"), null);
    }

    @AfterEach
    void close() throws Exception {
        Fx.run(() -> {
            for (var w : javafx.stage.Window.getWindows().stream().toList()) {
                if (w instanceof Stage s && s.isShowing()) {
                    s.close();
                }
            }
        });
    }

    private void openWith(Path file) throws Exception {
        files.open(file);
        ImportCertView view = Fx.on(() -> new ImportCertView(new ImportCertViewModel(registry, tokenId,
                new TrustStoreViewModel(store)), files, r -> Thread.ofVirtual().start(r)).show());
        stage = view.stage();
        assertThat(stage.getTitle()).isEqualTo("Pechatka — Import a certificate");
        Button importButton = Fx.lookup(stage, "#importButton");
        Fx.await("the file read", () -> !importButton.isDisabled() && importButton.isFocused() && stage.isFocused());
    }

    /** Enter presses Import (the default button); the PIN goes into the import's PIN dialog. */
    private void importWithPin() throws Exception {
        robot.type(KeyCode.ENTER);
        Stage pin = Fx.awaitFocused("Pechatka — " + texts.get("pin.title"));
        Fx.await("the PIN field focused", () -> pin.getScene().getFocusOwner() != null
                && "pinField".equals(pin.getScene().getFocusOwner().getId()));
        robot.write(SoftHsm.USER_PIN).type(KeyCode.ENTER);
        Fx.await("the PIN dialog closed", () -> !pin.isShowing());
    }

    private static long onToken(X509Certificate c) throws Exception {
        String id = TokenCertificate.certId(c);
        return registry.require(tokenId).certificates().stream().filter(t -> t.certId().equals(id)).count();
    }

    private static int certificatesOnToken() throws Exception {
        return registry.require(tokenId).certificates().size();
    }

    /** The text of a label of the import window, or null when there is none (any thread). */
    private String text(String selector) {
        try {
            return Fx.on(() -> stage.getScene().lookup(selector) instanceof Label l && l.isVisible() ? l.getText() : null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCertificateWhoseKeyIsOnTheTokenIsStoredNextToIt() throws Exception {
        X509Certificate mine = chain.leaf(single, "Single Import");
        openWith(TestChain.der(tmp.resolve("mine.cer"), mine));
        importWithPin();
        Fx.await("the summary", () -> text("#summary-stored") != null);
        assertThat(text("#personal-0-outcome")).isEqualTo("Stored on “Pechatka Test”.");
        assertThat(text("#summary-stored")).isEqualTo(texts.get("summary.stored", 1));
        assertThat(onToken(mine)).isEqualTo(1);
        TokenCertificate stored = registry.require(tokenId).certificates().stream()
                .filter(t -> t.certificate().equals(mine)).findFirst().orElseThrow();
        assertThat(java.util.HexFormat.of().formatHex(stored.keyId())).isEqualTo("a1");
        robot.type(KeyCode.ENTER); // Close is the default now
        Fx.await("closed", () -> !stage.isShowing());
    }

    @Test
    void aChainStoresTheCertificateAndOffersEachCaCertificate() throws Exception {
        X509Certificate mine = chain.leaf(forChain, "Chain Import");
        int before = certificatesOnToken();
        openWith(TestChain.p7b(tmp.resolve("chain.p7b"), mine, chain.intermediate, chain.root.caCertificate()));
        assertThat(text("#casHeading")).isEqualTo(texts.get("import.cas"));
        importWithPin();

        Stage first = Fx.awaitFocused(trustTexts.get("offer.title", 1, 2));
        assertThat(Fx.on(() -> ((Label) first.getScene().lookup("#offerQuestion")).getText()))
                .isEqualTo("Add this certificate to Intermediate Certification Authorities?");
        org.pechatka.ui.truststore.Keys.tabTo(first, "offerAdd");
        robot.type(KeyCode.SPACE);
        Fx.await("closed", () -> !first.isShowing());
        Stage second = Fx.awaitFocused(trustTexts.get("offer.title", 2, 2));
        assertThat(Fx.on(() -> ((Label) second.getScene().lookup("#offerQuestion")).getText()))
                .isEqualTo("Add this certificate to Trusted Root Certification Authorities?");
        robot.type(KeyCode.ESCAPE); // refused
        Fx.await("closed", () -> !second.isShowing());

        Fx.await("the summary", () -> text("#summary-trusted") != null);
        assertThat(onToken(mine)).isEqualTo(1);
        assertThat(certificatesOnToken()).isEqualTo(before + 1); // the CA certificates did not go onto the token
        Path trust = tmp.resolve("data/trust");
        assertThat(TestChain.filesUnder(trust))
                .containsExactly("intermediate/" + TrustStore.certId(chain.intermediate) + ".pem");
        assertThat(text("#ca-0-outcome")).isEqualTo(texts.get("outcome.trusted"));
        assertThat(text("#ca-1-outcome")).isEqualTo(texts.get("outcome.skipped"));
        assertThat(text("#summary-stored")).isEqualTo(texts.get("summary.stored", 1));
        assertThat(text("#summary-trusted")).isEqualTo(texts.get("summary.trusted", 1));
        assertThat(text("#summary-skipped")).isEqualTo(texts.get("summary.skipped", 1));
    }

    @Test
    void theSameCertificateTwiceIsWrittenOnce() throws Exception {
        X509Certificate mine = chain.leaf(twice, "Twice Import");
        Path file = TestChain.pem(tmp.resolve("twice.pem"), mine);
        openWith(file);
        importWithPin();
        Fx.await("the summary", () -> text("#summary-stored") != null);
        Fx.run(stage::close);
        int after = certificatesOnToken();

        openWith(file);
        importWithPin();
        Fx.await("the summary", () -> text("#summary-alreadyOnToken") != null);
        assertThat(text("#personal-0-outcome")).isEqualTo("Already on “Pechatka Test”: not written again.");
        assertThat(text("#summary-stored")).isNull();
        assertThat(onToken(mine)).isEqualTo(1);
        assertThat(certificatesOnToken()).isEqualTo(after);
    }

    @Test
    void aCertificateWithoutItsKeyWritesNothingAndSaysSo() throws Exception {
        var elsewhere = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        X509Certificate stranger = chain.leaf(SubjectPublicKeyInfo.getInstance(elsewhere.getPublic().getEncoded()),
                "Key Elsewhere");
        int before = certificatesOnToken();
        openWith(TestChain.pem(tmp.resolve("stranger.pem"), stranger, chain.intermediate));
        importWithPin();
        Stage offer = Fx.awaitFocused(trustTexts.get("offer.title", 1, 1)); // its CA certificate is still offered
        robot.type(KeyCode.ENTER); // Skip
        Fx.await("closed", () -> !offer.isShowing());
        Fx.await("the summary", () -> text("#summary-noKey") != null);
        assertThat(text("#personal-0-outcome")).isEqualTo("Not stored: its key is not on “Pechatka Test”.");
        assertThat(text("#noKeyExplained")).isEqualTo(texts.get("summary.noKeyExplained", "Pechatka Test"));
        assertThat(certificatesOnToken()).isEqualTo(before);
        assertThat(onToken(stranger)).isZero();
        assertThat(TestChain.filesUnder(tmp.resolve("data/trust"))).isEmpty();
    }

    @Test
    void aFileThatIsNoCertificateIsRefused() throws Exception {
        Path junk = java.nio.file.Files.writeString(tmp.resolve("letter.cer"), "Dear CA, ...");
        files.open(junk);
        ImportCertView view = Fx.on(() -> new ImportCertView(new ImportCertViewModel(registry, tokenId,
                new TrustStoreViewModel(store)), files, r -> Thread.ofVirtual().start(r)).show());
        stage = view.stage();
        Fx.await("the refusal", () -> texts.get("import.notCertificate", "letter.cer").equals(text("#status")));
        Button importButton = Fx.lookup(stage, "#importButton");
        assertThat(Fx.on(importButton::isDisabled)).isTrue();
    }
}
