package org.pechatka.ui.signfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.ChainValidation;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.files.FileSigner;
import org.pechatka.testing.OpensslCms;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenKind;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.pin.PinView;
import org.testfx.api.FxRobot;

/**
 * The Sign file window over a real SoftHSM2 token: a detached and an attached signature made
 * through the window and checked by {@code openssl cms -verify}; an existing signature file is not
 * replaced without the person's confirmation; Cancel in the PIN window writes nothing; the whole
 * flow by keyboard alone; the certificate's trust shown.
 */
class SignFileWindowTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private final AtomicReference<Path> chosen = new AtomicReference<>();
    private SignFileView view;

    @BeforeAll
    static void start() throws Exception {
        FxPlatform.start();
        Messages.use(Language.EN);
    }

    @AfterEach
    void close() throws Exception {
        if (view != null) {
            Fx.run(() -> view.stage().close());
        }
        for (Stage s : Fx.windows("")) {
            Fx.run(s::close);
        }
    }

    private static Token token() {
        return HSM.provider().tokens().get(0);
    }

    private static TokenCertificate certificate(String key) throws Exception {
        return token().certificates().stream()
                .filter(c -> c.certificate().equals(HSM.key(key).certificate())).findFirst().orElseThrow();
    }

    private Path caPem() throws Exception {
        Path pem = tmp.resolve("ca.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64,
                "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(HSM.ca().caCertificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return pem;
    }

    private Path document(String name) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, "Заява аб выдачы даведкі\nApplication for a certificate\n".repeat(50));
        return f;
    }

    private SignFileView open(String key) throws Exception {
        TokenCertificate c = certificate(key);
        TrustAnchors anchors = new TrustAnchors(List.of(HSM.ca().caCertificate()));
        SignFileViewModel model = new SignFileViewModel(c, "Pechatka Test",
                () -> anchors.validate(c.certificate(), List.of(), java.time.Instant.now(), ChainValidation.Use.SIGN),
                (request, pins) -> new FileSigner().sign(token(), c, List.of(), pins, request), Clock.systemUTC());
        SignFileView.Chooser chooser = new SignFileView.Chooser() {
            @Override
            public Path fileToSign(Stage owner, String title) {
                return chosen.get();
            }

            @Override
            public Path signatureTarget(Stage owner, String title, Path suggested) {
                return null;
            }
        };
        view = Fx.on(() -> new SignFileView(model, TokenKind.PKCS11, chooser, null, null, null).show());
        return view;
    }

    private Stage stage() {
        return view.stage();
    }

    private void choose(Path file) throws Exception {
        Fx.run(() -> view.choose(file));
        Label facts = Fx.lookup(stage(), "#fileFacts");
        Fx.await("the file's facts", () -> facts.getText().contains("SHA-256"));
    }

    private void pressSign() throws Exception {
        Button sign = Fx.lookup(stage(), "#sign");
        Fx.await("Sign enabled", () -> !sign.isDisabled());
        Platform.runLater(sign::fire);
    }

    private Stage pinWindow() throws Exception {
        return Fx.awaitFocused("Pechatka — " + Messages.forScreen(PinView.class, Language.EN).get("title"));
    }

    private void enterPin(String pin) throws Exception {
        pinWindow();
        robot.write(pin);
        robot.type(KeyCode.ENTER);
    }

    private String awaitResult() throws Exception {
        Label result = Fx.lookup(stage(), "#result");
        Fx.await("a result", () -> result.isVisible() && !result.getText().isEmpty()
                && !result.getText().equals(text("status.signing")));
        return Fx.on(result::getText);
    }

    private static String text(String key, Object... args) {
        return Messages.forScreen(SignFileView.class, Language.EN).get(key, args);
    }

    @Test
    void whenSigningDetached_thenOpensslVerifiesTheSignatureBesideTheFile() throws Exception {
        open("rsa");
        Path doc = document("заява.txt");
        choose(doc);
        Label facts = Fx.lookup(stage(), "#fileFacts");
        String sha = SignFileViewModel.facts(doc).sha256();
        assertThat(Fx.on(facts::getText)).contains(sha.substring(0, 4).toUpperCase());
        Label trust = Fx.lookup(stage(), "#trust");
        Fx.await("the trust", () -> trust.getText().equals(text("chain.VALID")));
        Label target = Fx.lookup(stage(), "#target");
        assertThat(Fx.on(target::getText)).isEqualTo(doc.resolveSibling("заява.txt.p7s").toString());

        pressSign();
        enterPin(SoftHsm.USER_PIN);
        Path p7s = doc.resolveSibling("заява.txt.p7s");
        assertThat(awaitResult()).isEqualTo(text("result.done", p7s));
        assertThat(OpensslCms.verify(tmp, p7s, doc, caPem())).isNotNull();
        assertThat(Fx.windows("PIN")).isEmpty();
    }

    @Test
    void whenSigningAttached_thenTheSignatureContainsTheFile() throws Exception {
        open("ec");
        Path doc = document("report.pdf");
        choose(doc);
        RadioButton attached = Fx.lookup(stage(), "#attached");
        Fx.run(() -> attached.setSelected(true));
        pressSign();
        enterPin(SoftHsm.USER_PIN);
        Path p7s = tmp.resolve("report.pdf.p7s");
        assertThat(awaitResult()).isEqualTo(text("result.done", p7s));
        assertThat(OpensslCms.verify(tmp, p7s, null, caPem())).isEqualTo(Files.readAllBytes(doc));
    }

    @Test
    void whenTheSignatureFileExists_thenItIsReplacedOnlyAfterConfirmation() throws Exception {
        open("rsa");
        Path doc = document("contract.odt");
        Path p7s = tmp.resolve("contract.odt.p7s");
        Files.writeString(p7s, "an older signature");
        choose(doc);
        Label note = Fx.lookup(stage(), "#targetNote");
        assertThat(Fx.on(note::getText)).isEqualTo(text("target.exists"));

        pressSign();
        Stage ask = Fx.awaitFocused("Pechatka — " + text("overwrite.title"));
        robot.type(KeyCode.ENTER); // Cancel is the default: Enter does not replace
        Fx.await("the question closed", () -> !ask.isShowing());
        assertThat(Files.readString(p7s)).isEqualTo("an older signature");
        assertThat(Fx.windows(Messages.forScreen(PinView.class, Language.EN).get("title"))).isEmpty();

        pressSign();
        Stage again = Fx.awaitFocused("Pechatka — " + text("overwrite.title"));
        Fx.run(() -> ((Button) again.getScene().lookup("#overwriteReplace")).fire());
        enterPin(SoftHsm.USER_PIN);
        assertThat(awaitResult()).isEqualTo(text("result.done", p7s));
        assertThat(OpensslCms.verify(tmp, p7s, doc, caPem())).isNotNull();
    }

    @Test
    void whenThePinIsCancelled_thenNothingIsWritten() throws Exception {
        open("rsa");
        Path doc = document("letter.txt");
        choose(doc);
        pressSign();
        pinWindow();
        robot.type(KeyCode.ESCAPE);
        assertThat(awaitResult()).isEqualTo(text("error.cancelled"));
        assertThat(tmp.resolve("letter.txt.p7s")).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("letter.txt");
        }
    }

    @Test
    void whenThePinIsWrong_thenThePinWindowSaysSoAndNothingIsWrittenOnCancel() throws Exception {
        open("rsa");
        Path doc = document("wrong-pin.txt");
        choose(doc);
        pressSign();
        enterPin("0000");
        Stage pin = pinWindow();
        Label error = Fx.lookup(pin, "#pin-error");
        Fx.await("the wrong PIN shown", () -> error.isVisible());
        robot.type(KeyCode.ESCAPE);
        assertThat(awaitResult()).isEqualTo(text("error.cancelled"));
        assertThat(tmp.resolve("wrong-pin.txt.p7s")).doesNotExist();
    }

    @Test
    void whenUsingOnlyTheKeyboard_thenAFileIsSigned() throws Exception {
        open("ec");
        Path doc = document("keyboard.txt");
        chosen.set(doc);
        Fx.awaitFocused("Pechatka — " + text("signfile.title"));
        Button choose = Fx.lookup(stage(), "#chooseFile");
        Fx.await("Choose file has the focus", choose::isFocused);
        robot.type(KeyCode.SPACE); // Choose file…
        Label facts = Fx.lookup(stage(), "#fileFacts");
        Fx.await("the file's facts", () -> facts.getText().contains("SHA-256"));
        Button sign = Fx.lookup(stage(), "#sign");
        Fx.await("Sign has the focus", sign::isFocused);
        robot.type(KeyCode.ENTER); // Sign is the default button
        enterPin(SoftHsm.USER_PIN);
        Path p7s = tmp.resolve("keyboard.txt.p7s");
        assertThat(awaitResult()).isEqualTo(text("result.done", p7s));
        assertThat(OpensslCms.verify(tmp, p7s, doc, caPem())).isNotNull();
        Button close = Fx.lookup(stage(), "#close");
        Fx.await("the window and Close have the focus", () -> stage().isFocused() && close.isFocused());
        robot.type(KeyCode.ESCAPE); // Close
        Fx.await("the window closed", () -> !stage().isShowing());
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theWindowInEachLanguage(Language language) throws Exception {
        Messages.use(language);
        try {
            Messages texts = Messages.forScreen(SignFileView.class, language);
            String lang = language.tag();
            open("rsa");
            assertThat(stage().getTitle()).isEqualTo("Pechatka — " + texts.get("signfile.title"));
            Label trust = Fx.lookup(stage(), "#trust");
            Fx.await("the trust", () -> trust.getText().equals(texts.get("chain.VALID")));
            Fx.screenshot(stage().getScene(), "signfile-empty-" + lang);
            Path doc = document("dakument-" + lang + ".pdf");
            Files.writeString(tmp.resolve("dakument-" + lang + ".pdf.p7s"), "old");
            choose(doc);
            Fx.screenshot(stage().getScene(), "signfile-" + lang);

            pressSign();
            Stage ask = Fx.awaitFocused("Pechatka — " + texts.get("overwrite.title"));
            Fx.screenshot(ask.getScene(), "signfile-overwrite-" + lang);
            Fx.run(() -> ((Button) ask.getScene().lookup("#overwriteReplace")).fire());
            Stage pin = Fx.awaitFocused("Pechatka — " + Messages.forScreen(PinView.class, language).get("title"));
            Label source = (Label) Fx.on(() -> pin.getScene().lookup(".site-label"));
            assertThat(Fx.on(source::getText)).isEqualTo(texts.get("pin.source"));
            Fx.screenshot(pin.getScene(), "signfile-pin-" + lang);
            robot.write(SoftHsm.USER_PIN);
            robot.type(KeyCode.ENTER);
            Path p7s = tmp.resolve("dakument-" + lang + ".pdf.p7s");
            Label result = Fx.lookup(stage(), "#result");
            Fx.await("signed", () -> result.getText().equals(texts.get("result.done", p7s)));
            Fx.screenshot(stage().getScene(), "signfile-done-" + lang);
            assertThat(OpensslCms.verify(tmp, p7s, doc, caPem())).isNotNull();
        } finally {
            Messages.use(Language.EN);
        }
    }
}
