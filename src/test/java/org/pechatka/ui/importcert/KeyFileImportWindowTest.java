package org.pechatka.ui.importcert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.TrustStore;
import org.pechatka.testing.KeyOnlyFile;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.TokenSession;
import org.pechatka.token.file.KeyFileProvider;
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
 * Import… of the Certificates window on a key file made by a certificate request (the key alone,
 * encrypted, in {@code <dataDir>/keys}), by keyboard with real files: the key file's password is
 * asked, the certificate and its CA certificate go with the key into a NEW key file next to it,
 * which openssl and Pechatka open with the same password; the old file is unchanged byte for
 * byte; importing again writes nothing; a wrong password (then cancel) and a certificate for
 * another key write nothing.
 */
class KeyFileImportWindowTest {

    private static final String PASSWORD = "Correct horse 7";

    @TempDir
    Path tmp;

    private static TestChain chain;

    private final FxRobot robot = new FxRobot();
    private final ScriptedFiles files = new ScriptedFiles();
    private final Messages texts = Messages.forScreen(ImportCertView.class, Language.EN);
    private final Messages trustTexts = Messages.forScreen(TrustStoreView.class, Language.EN);
    private Path keys;
    private KeyOnlyFile request;
    private byte[] requestBytes;
    private TokenRegistry registry;
    private String tokenId;
    private TrustStore store;
    private Stage stage;

    @BeforeAll
    static void platform() throws Exception {
        FxPlatform.start();
        chain = new TestChain("Key File");
    }

    @BeforeEach
    void keyFile() throws Exception {
        Messages.use(Language.EN);
        keys = tmp.resolve("data/keys");
        request = KeyOnlyFile.create(keys.resolve("my-request.p12"), PASSWORD);
        requestBytes = Files.readAllBytes(request.file());
        registry = new TokenRegistry(List.of(new KeyFileProvider(List.of(), keys, Duration.ofSeconds(5))));
        tokenId = registry.tokens().get(0).id();
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
        registry.close();
    }

    private void openWith(Path file) throws Exception {
        files.open(file);
        ImportCertView view = Fx.on(() -> new ImportCertView(new ImportCertViewModel(registry, tokenId,
                new TrustStoreViewModel(store)), files, r -> Thread.ofVirtual().start(r)).show());
        stage = view.stage();
        Button importButton = Fx.lookup(stage, "#importButton");
        Fx.await("the file read", () -> !importButton.isDisabled() && importButton.isFocused() && stage.isFocused());
        Fx.await("the key file known", () -> text("#heading") != null && text("#heading").equals(
                texts.get("import.headingKeyFile", "my-request.p12")));
        Fx.await("the plan names the new key file", () -> texts.get("import.personalWhereKeyFile").equals(plan()));
    }

    /** Enter presses Import; the password goes into the key file's password dialog. */
    private Stage typePassword(String password) throws Exception {
        Stage pin = Fx.awaitFocused("Pechatka — " + texts.get("password.title"));
        Fx.await("the password field focused", () -> pin.getScene().getFocusOwner() != null
                && "pinField".equals(pin.getScene().getFocusOwner().getId()));
        robot.write(password).type(KeyCode.ENTER);
        Fx.await("the password dialog closed", () -> !pin.isShowing());
        return pin;
    }

    private void skipCaOffer() throws Exception {
        Stage offer = Fx.awaitFocused(trustTexts.get("offer.title", 1, 1));
        robot.type(KeyCode.ESCAPE); // not added to the trust store
        Fx.await("closed", () -> !offer.isShowing());
    }

    private String text(String selector) {
        try {
            return Fx.on(() -> stage.getScene().lookup(selector) instanceof Label l && l.isVisible() ? l.getText() : null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line under the person's certificate that says where it goes. */
    private String plan() {
        try {
            return Fx.on(() -> stage.getScene().lookup("#personal-0") instanceof javafx.scene.layout.VBox box
                    ? ((Label) box.getChildren().get(2)).getText() : null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Path> keyFiles() throws Exception {
        try (Stream<Path> s = Files.list(keys)) {
            return s.sorted().toList();
        }
    }

    @Test
    void theCertificateGoesWithItsKeyIntoANewKeyFile() throws Exception {
        assertThat(registry.require(tokenId).keysWithoutCertificate()).hasSize(1);
        X509Certificate mine = chain.leaf(request.publicKey(), "Key File Person");
        Path cert = TestChain.pem(tmp.resolve("issued.pem"), mine, chain.intermediate);
        openWith(cert);
        robot.type(KeyCode.ENTER);
        typePassword(PASSWORD);
        skipCaOffer();
        Fx.await("the summary", () -> text("#summary-storedInFile") != null);

        List<Path> written = keyFiles();
        assertThat(written).hasSize(2);
        Path renewed = written.stream().filter(p -> !p.equals(request.file())).findFirst().orElseThrow();
        assertThat(renewed.getFileName().toString()).startsWith("my-request-").endsWith(".p12");
        assertThat(text("#personal-0-outcome")).isEqualTo(texts.get("outcome.storedInFile", renewed.getFileName()));
        assertThat(text("#newKeyFile")).isEqualTo(texts.get("summary.newKeyFile", renewed,
                request.file().toAbsolutePath().normalize()));
        assertThat(Files.readAllBytes(request.file())).as("the old key file unchanged").isEqualTo(requestBytes);

        Process p = new ProcessBuilder("openssl", "pkcs12", "-info", "-nodes", "-passin", "pass:" + PASSWORD,
                "-in", renewed.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("BEGIN PRIVATE KEY").contains("CN = Key File Person");
        assertThat(out.split("BEGIN CERTIFICATE", -1)).as("the certificate and its CA certificate").hasSize(3);

        Token token = registry.tokens().stream().filter(t -> {
            try {
                return t.info().source().equals(renewed.toString());
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow(); // the new file is found in the key folder
        try (TokenSession s = token.open(new ScriptedPins(PASSWORD), TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).extracting(TokenCertificate::certificate).containsExactly(mine);
            assertThat(s.certificates().get(0).keyStatus()).isEqualTo(KeyStatus.PRIVATE_KEY);
            assertThat(s.findKey(SubjectPublicKeyInfo.getInstance(mine.getPublicKey().getEncoded()))).isPresent();
        }

        // the same certificate again: nothing written
        robot.type(KeyCode.ENTER); // Close
        Fx.await("closed", () -> !stage.isShowing());
        openWith(cert);
        robot.type(KeyCode.ENTER);
        typePassword(PASSWORD);
        skipCaOffer();
        Fx.await("the summary", () -> text("#summary-alreadyInFile") != null);
        assertThat(text("#personal-0-outcome")).isEqualTo(texts.get("outcome.alreadyInFile", renewed.getFileName()));
        assertThat(text("#newKeyFile")).isNull();
        assertThat(keyFiles()).isEqualTo(written);
        assertThat(Files.readAllBytes(request.file())).isEqualTo(requestBytes);
    }

    @Test
    void aWrongPasswordThenCancelWritesNothing() throws Exception {
        X509Certificate mine = chain.leaf(request.publicKey(), "Key File Person");
        openWith(TestChain.pem(tmp.resolve("issued.pem"), mine));
        robot.type(KeyCode.ENTER);
        typePassword("not the password");
        Stage again = Fx.awaitFocused("Pechatka — " + texts.get("password.title"));
        assertThat(Fx.on(() -> ((Label) again.getScene().lookup("#pinError")).getText()))
                .isEqualTo(texts.get("password.wrong"));
        robot.type(KeyCode.ESCAPE);
        Fx.await("cancelled", () -> texts.get("import.cancelledKeyFile").equals(text("#status")));
        assertThat(keyFiles()).containsExactly(request.file());
        assertThat(Files.readAllBytes(request.file())).isEqualTo(requestBytes);
    }

    @Test
    void aCertificateForAnotherKeyWritesNothing() throws Exception {
        KeyOnlyFile other = KeyOnlyFile.create(tmp.resolve("elsewhere/other.p12"), PASSWORD);
        X509Certificate stranger = chain.leaf(other.publicKey(), "Someone Else");
        openWith(TestChain.pem(tmp.resolve("stranger.pem"), stranger));
        robot.type(KeyCode.ENTER);
        typePassword(PASSWORD);
        Fx.await("the summary", () -> text("#summary-noKey") != null);
        assertThat(text("#personal-0-outcome")).isEqualTo(texts.get("outcome.noKeyInFile", "my-request.p12"));
        assertThat(text("#noKeyExplained")).isEqualTo(texts.get("summary.noKeyExplainedKeyFile", "my-request.p12"));
        assertThat(keyFiles()).containsExactly(request.file());
        assertThat(Files.readAllBytes(request.file())).isEqualTo(requestBytes);
    }

    /** Pictures (target/screenshots, collected by bin/screenshots): the password dialog and the summary. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Language.class)
    void theWindowsInEachLanguage(Language language) throws Exception {
        Messages.use(language);
        Messages m = Messages.forScreen(ImportCertView.class, language);
        X509Certificate mine = chain.leaf(request.publicKey(), "Ivanova Anna");
        files.open(TestChain.pem(tmp.resolve("issued.pem"), mine));
        ImportCertView view = Fx.on(() -> new ImportCertView(new ImportCertViewModel(registry, tokenId,
                new TrustStoreViewModel(store)), files, r -> Thread.ofVirtual().start(r)).show());
        stage = view.stage();
        Button importButton = Fx.lookup(stage, "#importButton");
        Fx.await("the file read", () -> !importButton.isDisabled() && importButton.isFocused() && stage.isFocused());
        Fx.await("the key file known", () -> m.get("import.personalWhereKeyFile").equals(plan()));
        Fx.screenshot(stage.getScene(), "import-keyfile-" + language.tag());
        robot.type(KeyCode.ENTER);
        Stage pin = Fx.awaitFocused("Pechatka — " + m.get("password.title"));
        Fx.screenshot(pin.getScene(), "import-keyfile-password-" + language.tag());
        robot.write(PASSWORD).type(KeyCode.ENTER);
        Fx.await("the summary", () -> text("#newKeyFile") != null);
        Path shot = Fx.screenshot(stage.getScene(), "import-keyfile-done-" + language.tag());
        assertThat(Files.size(shot)).isPositive();
        Messages.use(Language.EN);
    }
}
