package org.pechatka.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.certificates.CertificatesView;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.request.RequestView.FileTargets;
import org.testfx.api.FxRobot;

/**
 * Pictures of the Create request window over a SoftHSM2 token in Belarusian, Russian and English
 * (target/screenshots/request-STATE-LANG.png, collected by bin/screenshots): the form in the
 * language's profile, its field checks, a new key file, a renewal and the result; each checked to be
 * in its language by the window title and the profile the language chooses.
 */
class RequestScreenshotsTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    @TempDir
    static Path tmp;

    private static TokenRegistry registry;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        FxPlatform.start();
        registry = new TokenRegistry(List.of(HSM.provider()));
    }

    @AfterAll
    static void stop() {
        Messages.use(Language.EN);
    }

    private static Stage open(java.security.cert.X509Certificate renewFrom, Path saveTo, boolean disallowRsa)
            throws Exception {
        FileTargets files = new FileTargets() {
            @Override
            public Optional<Saved> request(Stage owner, String suggestedName) {
                return Optional.of(new Saved(saveTo.resolve(suggestedName), RequestViewModel.Format.PEM, false));
            }

            @Override
            public Optional<Path> keyFile(Stage owner, String suggestedName) {
                return Optional.empty();
            }
        };
        RequestView view = Fx.on(() -> new RequestView(new RequestViewModel(registry,
                disallowRsa ? k -> !k.startsWith("RSA") : null, HSM.provider().tokens().get(0).id(), renewFrom), files)
                .show());
        Stage stage = view.stage();
        ComboBox<?> key = Fx.lookup(stage, "#key");
        Fx.await("the keys", () -> key.getValue() != null);
        Fx.run(() -> stage.setWidth(760));
        Fx.run(() -> stage.setHeight(900));
        return stage;
    }

    private static void type(Stage stage, String type, String value) throws Exception {
        TextField f = Fx.lookup(stage, "#field-" + type);
        Fx.run(() -> f.setText(value));
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theWindowInEachLanguage(Language language) throws Exception {
        Messages.use(language);
        Messages texts = Messages.forScreen(RequestView.class, language);
        String lang = language.tag();
        Path out = Files.createDirectories(tmp.resolve(lang));

        Stage stage = open(null, out, true);
        assertThat(stage.getTitle()).isEqualTo("Pechatka — " + texts.get("title.new"));
        RadioButton russia = Fx.lookup(stage, "#profile-russia");
        assertThat(Fx.on(russia::isSelected)).isEqualTo(language == Language.RU);
        shot(stage, "request-new-" + lang);

        Button create = Fx.lookup(stage, "#create");
        Fx.run(create::fire);
        shot(stage, "request-errors-" + lang);

        ComboBox<RequestViewModel.Target> target = Fx.lookup(stage, "#target");
        Fx.run(() -> target.setValue(target.getItems().getLast()));
        Fx.await("the key file's keys", () -> ((ComboBox<?>) stage.getScene().lookup("#key")).getItems().size() > 4);
        Fx.run(() -> ((TextField) stage.getScene().lookup("#password")).setText("Kalina2026"));
        shot(stage, "request-keyfile-" + lang);
        Fx.run(() -> target.setValue(target.getItems().getFirst()));

        if (language == Language.RU) {
            type(stage, "SN", "Смирнова");
            type(stage, "G", "Мария Сергеевна");
            type(stage, "CN", "Смирнова Мария Сергеевна");
            type(stage, "SNILS", "12345678964");
        } else {
            type(stage, "CN", "Лабадзенка Алесь Яўгенавіч");
            type(stage, "SN", "ЛАБАДЗЕНКА/ЛОБОДЕНКО");
            type(stage, "G", "АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ");
            type(stage, "SERIALNUMBER", "3120690A001PB5");
        }
        Fx.await("the token's keys", () -> ((ComboBox<?>) stage.getScene().lookup("#key")).getItems().size() == 4);
        Fx.run(create::fire);
        Stage pin = Fx.awaitFocused("Pechatka — " + Messages.forScreen(CertificatesView.class, language)
                .get("pin.ask.title"));
        robot.write(SoftHsm.USER_PIN);
        robot.type(KeyCode.ENTER);
        Fx.await("the PIN dialog closed", () -> !pin.isShowing());
        Node result = Fx.lookup(stage, "#resultScroll");
        Fx.await("the result", result::isVisible);
        shot(stage, "request-result-" + lang);
        Fx.run(stage::close);

        Stage renewal = open(HSM.key("rsa").certificate(), out, false);
        assertThat(renewal.getTitle()).isEqualTo("Pechatka — " + texts.get("title.renewal"));
        shot(renewal, "request-renewal-" + lang);
        Fx.run(renewal::close);
    }

    private static void shot(Stage stage, String name) throws Exception {
        Path file = Fx.screenshot(stage.getScene(), name);
        assertThat(Files.size(file)).isPositive();
    }
}
