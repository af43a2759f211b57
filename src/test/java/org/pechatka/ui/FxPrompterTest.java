package org.pechatka.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;
import org.pechatka.token.PinStatus;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.testfx.api.FxRobot;

/**
 * The real JavaFX dialogs under a real display (Xvfb in CI), driven with the keyboard only, as
 * PROTOCOL.md section 3 promises: the site first, Enter for the default action, Escape to cancel,
 * focus in the PIN field, the first usable certificate preselected. Screenshots of every dialog go
 * to target/screenshots.
 */
class FxPrompterTest {

    private static final String ORIGIN = "https://portal.gov.by";
    private static final Path SHOTS = Path.of("target/screenshots");

    private static FxPrompter prompter;
    private static List<CertificateChoice> choices;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void setUp() throws Exception {
        prompter = new FxPrompter();
        Files.createDirectories(SHOTS);
        TestCa ca = TestCa.create("GosSUOK test CA");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        X509Certificate citizen = ca.issue(g.generateKeyPair().getPublic(), TestSubjects.belarusCitizen());
        X509Certificate head = ca.issue(g.generateKeyPair().getPublic(), TestSubjects.belarusHeadOfOrganisation());
        choices = List.of(choice(citizen), choice(head));
    }

    private static CertificateChoice choice(X509Certificate c) throws Exception {
        return new CertificateChoice(new TokenCertificate("p11-test", c, new byte[] {1}, "", KeyStatus.PROBABLE),
                CertificateView.of(c), "AvPass 0001", true, null);
    }

    private static Interaction interaction() {
        return new Interaction(ORIGIN, Duration.ofSeconds(30));
    }

    private static PickerRequest picker(String reason) {
        return new PickerRequest(PickerRequest.Purpose.AUTH, reason, new PickerRequest.Candidates() {
            @Override
            public List<CertificateChoice> current() {
                return choices;
            }

            @Override
            public Runnable subscribe(Consumer<List<CertificateChoice>> onChange) {
                return () -> {};
            }
        });
    }

    /** Runs a prompter call in the background, as the protocol layer does. */
    private static <T> CompletableFuture<T> inBackground(Callable<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** Waits for the Pechatka window whose title contains {@code title}, and saves its picture. */
    private static Stage awaitWindow(String title, String shot) throws Exception {
        for (int i = 0; i < 200; i++) {
            Stage s = onFx(() -> Window.getWindows().stream()
                    .filter(w -> w instanceof Stage st && st.isShowing() && st.getTitle() != null
                            && st.getTitle().startsWith("Pechatka") && st.getTitle().contains(title))
                    .map(w -> (Stage) w).findFirst().orElse(null));
            if (s != null && onFx(() -> s.getScene().getWindow().isFocused())) {
                Thread.sleep(150); // let layout settle before the picture
                screenshot(s.getScene(), shot);
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no focused window titled " + title);
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void screenshot(Scene scene, String name) throws Exception {
        WritableImage img = onFx(() -> scene.snapshot(null));
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", SHOTS.resolve(name + ".png").toFile());
    }

    private static String text(Stage s, String id) throws Exception {
        return onFx(() -> ((Label) s.getScene().lookup("#" + id)).getText());
    }

    @Test
    void whenThePickerOpens_thenTheSiteComesFirstAndEnterChoosesTheFirstCertificate() throws Exception {
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                picker("Уваход у асабісты кабінет"), interaction()));
        Stage s = awaitWindow("log in", "picker");
        assertThat(s.getTitle()).startsWith("Pechatka — ");
        assertThat(text(s, "origin")).isEqualTo(ORIGIN);
        assertThat(text(s, "site-text")).isEqualTo("Уваход у асабісты кабінет");
        robot.type(KeyCode.ENTER);
        assertThat(chosen.get(10, TimeUnit.SECONDS).certId()).isEqualTo(choices.get(0).certId());
    }

    @Test
    void whenTheArrowKeyMovesTheSelection_thenEnterChoosesThatCertificate() throws Exception {
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(picker(null),
                interaction()));
        awaitWindow("log in", "picker-second");
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.ENTER);
        assertThat(chosen.get(10, TimeUnit.SECONDS).certId()).isEqualTo(choices.get(1).certId());
    }

    @Test
    void whenEscapeIsPressed_thenUserCancelled() throws Exception {
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(picker(null),
                interaction()));
        awaitWindow("log in", "picker-escape");
        robot.type(KeyCode.ESCAPE);
        assertThatThrownBy(() -> chosen.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PechatkaException.UserCancelled.class);
    }

    @Test
    void whenConsentIsAsked_thenValuesAreShownAndEnterAllows() throws Exception {
        CertificateView v = choices.get(1).view();
        CompletableFuture<Object> allowed = inBackground(() -> {
            prompter.approveAttributes(new ConsentRequest(v, Map.of(PersonalAttribute.FULL_NAME, v.fullName(),
                    PersonalAttribute.UNP, TestSubjects.BY_HEAD_UNP), List.of(PersonalAttribute.PERSONAL_NUMBER)),
                    interaction());
            return "allowed";
        });
        Stage s = awaitWindow("personal data", "consent");
        assertThat(text(s, "origin")).isEqualTo(ORIGIN);
        robot.type(KeyCode.ENTER);
        assertThat(allowed.get(10, TimeUnit.SECONDS)).isEqualTo("allowed");
    }

    @Test
    void whenSigningIsConfirmed_thenEnterSignsAndEscapeCancels() throws Exception {
        SigningRequest request = new SigningRequest(choices.get(0).view(), List.of(
                new SigningRequest.Document("Заява на атрыманне даведкі.pdf", 48213, "SHA-256 3F2A 9C01 77B4 E210 …")),
                "Заява ад 23.11.2026", false);
        CompletableFuture<Object> signed = inBackground(() -> {
            prompter.confirmSigning(request, interaction());
            return "signed";
        });
        Stage s = awaitWindow("sign", "confirm");
        assertThat(text(s, "origin")).isEqualTo(ORIGIN);
        robot.type(KeyCode.ENTER);
        assertThat(signed.get(10, TimeUnit.SECONDS)).isEqualTo("signed");

        CompletableFuture<Object> cancelled = inBackground(() -> {
            prompter.confirmSigning(request, interaction());
            return "signed";
        });
        awaitWindow("sign", "confirm-again");
        robot.type(KeyCode.ESCAPE);
        assertThatThrownBy(() -> cancelled.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PechatkaException.UserCancelled.class);
    }

    @Test
    void whenThePinIsTyped_thenTheFieldHasFocusAndAWrongPinKeepsTheDialogOpen() throws Exception {
        Interaction ix = interaction();
        PinSource pins = prompter.pinSource(ix);
        TokenInfo token = new TokenInfo("p11-test", TokenKind.PKCS11, "AvPass 0001", "AVEST", "AvPass", "1",
                true, true, false, new PinStatus(true, true, false, false), "");
        PinRequest first = new PinRequest(token, PinRequest.Kind.USER_LOGIN, null, false, null);
        CompletableFuture<PinResponse> answer = inBackground(() -> pins.requestPin(first));
        Stage s = awaitWindow("PIN", "pin");
        assertThat(onFx(() -> s.getScene().getFocusOwner() instanceof PasswordField)).isTrue();
        robot.write("1111");
        robot.type(KeyCode.ENTER);
        assertThat(((PinResponse.Pin) answer.get(10, TimeUnit.SECONDS)).value()).containsExactly('1', '1', '1', '1');

        // the token said no: the same window asks again, with the error
        PinRequest again = first.afterFailure(token, new PechatkaException.PinIncorrect(1, true));
        CompletableFuture<PinResponse> second = inBackground(() -> pins.requestPin(again));
        Thread.sleep(300);
        Stage s2 = awaitWindow("PIN", "pin-wrong");
        assertThat(s2).isSameAs(s);
        assertThat(text(s2, "pin-error")).contains("Wrong PIN").contains("One try left");
        robot.write("4321");
        robot.type(KeyCode.ENTER);
        assertThat(((PinResponse.Pin) second.get(10, TimeUnit.SECONDS)).value()).containsExactly('4', '3', '2', '1');
        ix.finish();
        for (int i = 0; i < 100 && onFx(s::isShowing); i++) {
            Thread.sleep(20);
        }
        assertThat(onFx(s::isShowing)).as("the PIN window closes when the request is done").isFalse();
    }

    @Test
    void whenNobodyAnswers_thenUserTimeout() throws Exception {
        Interaction ix = new Interaction(ORIGIN, Duration.ofMillis(800));
        assertThatThrownBy(() -> prompter.chooseCertificate(picker(null), ix))
                .isInstanceOf(PechatkaException.UserTimeout.class);
        assertThat(onFx(() -> Window.getWindows().stream().anyMatch(Window::isShowing))).isFalse();
    }

    @Test
    void whenTheTokenIsRemovedDuringTheDialog_thenTheDialogClosesWithTokenRemoved() throws Exception {
        Interaction ix = interaction();
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(picker(null), ix));
        Stage s = awaitWindow("log in", "picker-removed");
        ix.abort(new PechatkaException.TokenRemoved());
        assertThatThrownBy(() -> chosen.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PechatkaException.TokenRemoved.class);
        for (int i = 0; i < 100 && onFx(s::isShowing); i++) {
            Thread.sleep(20);
        }
        assertThat(onFx(s::isShowing)).isFalse();
    }
}
