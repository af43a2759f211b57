package org.pechatka.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pechatka.ui.DialogFixtures.ORIGIN;
import static org.pechatka.ui.DialogFixtures.assertCancelled;
import static org.pechatka.ui.DialogFixtures.awaitWindow;
import static org.pechatka.ui.DialogFixtures.inBackground;
import static org.pechatka.ui.DialogFixtures.interaction;
import static org.pechatka.ui.DialogFixtures.labels;
import static org.pechatka.ui.DialogFixtures.node;
import static org.pechatka.ui.DialogFixtures.text;
import static org.pechatka.ui.DialogFixtures.visible;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.Interaction;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.testfx.api.FxRobot;

/**
 * The certificate request and certificate import confirmations as real windows under a display:
 * the site first, the token, the key, the subject in the order it will be requested, the renewed
 * certificate, the certificate to store and its CAs; Enter allows, Escape and Tab+Enter cancel; a
 * timeout closes the window; all three languages.
 */
class LifecycleDialogsTest {

    private static FxPrompter prompter;
    private static PendingRequests pending;
    private static DialogFixtures f;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void setUp() {
        Messages.use(Language.EN);
        pending = new PendingRequests();
        prompter = new FxPrompter(pending);
        f = new DialogFixtures();
    }

    @AfterEach
    void noWindowLeftOpen() throws Exception {
        DialogFixtures.assertEverythingClosed(pending);
    }

    private static void assertSiteFirst(Stage s) throws Exception {
        assertThat(s.getTitle()).startsWith("Pechatka — ");
        assertThat(text(s, "origin")).isEqualTo(ORIGIN);
    }

    /** The subject grid's texts, row by row: name, value, name, value … */
    private static List<String> subjectTexts(Stage s) throws Exception {
        return Fx.on(() -> ((GridPane) node(s, "subject")).getChildren().stream()
                .map(n -> ((Label) n).getText()).toList());
    }

    @Test
    void whenASiteAsksForANewRequest_thenTheTokenKeyAndSubjectInOrderAreShownAndEnterCreates() throws Exception {
        CompletableFuture<Object> created = inBackground(() -> {
            prompter.confirmCsr(f.newCsr(), interaction());
            return "created";
        });
        Stage s = awaitWindow();
        assertSiteFirst(s);
        assertThat(s.getTitle()).isEqualTo("Pechatka — Certificate request");
        assertThat(text(s, "ask")).contains("create a new key on your token");
        assertThat(text(s, "token")).isEqualTo("Token: AvPass 0001");
        assertThat(text(s, "key-algorithm")).isEqualTo("Key: EC P-256");
        assertThat(subjectTexts(s)).containsExactly("Name", "ALES LABADZENKA", "Surname", "ЛАБАДЗЕНКА/ЛОБОДЕНКО",
                "Given names", "АЛЕСЬ ЯЎГЕНАВІЧ/АЛЕСЬ ЕВГЕНЬЕВИЧ", "Identification number", "PNOBY-3120690A001PB5",
                "Country", "BY", "Locality", "Мінск");
        assertThat(visible(s, "challenge")).isTrue();
        assertThat(visible(s, "renewal")).isFalse();
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("ok");
        assertThat(text(s, "ok")).isEqualTo("Create request");
        robot.type(KeyCode.ENTER);
        assertThat(created.get(10, TimeUnit.SECONDS)).isEqualTo("created");
    }

    @Test
    void whenASiteAsksForARenewal_thenTheRenewedCertificateIsShownAndEscapeCancels() throws Exception {
        CompletableFuture<Object> created = inBackground(() -> {
            prompter.confirmCsr(f.renewalCsr(), interaction());
            return "created";
        });
        Stage s = awaitWindow();
        assertSiteFirst(s);
        assertThat(s.getTitle()).isEqualTo("Pechatka — Certificate renewal");
        assertThat(visible(s, "renewal")).isTrue();
        assertThat(text(s, "renewed")).isEqualTo(f.citizen.displayName());
        assertThat(visible(s, "challenge")).isFalse();
        assertThat(subjectTexts(s).get(1)).isEqualTo("ALES LABADZENKA");
        robot.type(KeyCode.ESCAPE);
        assertCancelled(created);
    }

    @Test
    void whenASiteHandsOverACertificate_thenItsOwnerIssuerTokenAndCasAreShownAndEnterStores() throws Exception {
        CompletableFuture<Object> stored = inBackground(() -> {
            prompter.confirmImport(f.certImport(true), interaction());
            return "stored";
        });
        Stage s = awaitWindow();
        assertSiteFirst(s);
        assertThat(s.getTitle()).isEqualTo("Pechatka — Store a certificate");
        assertThat(text(s, "certificate")).isEqualTo(f.head.displayName());
        assertThat(text(s, "token")).isEqualTo("Token: AvToken 0002");
        assertThat(visible(s, "cas-box")).isTrue();
        assertThat(Fx.on(() -> ((VBox) node(s, "cas")).getChildren().stream().map(n -> ((Label) n).getText())
                .toList())).containsExactly(f.caView.displayName());
        assertThat(Fx.on(() -> labels(s.getScene().getRoot()).stream().map(Label::getText).toList()))
                .anyMatch(t -> t.contains("Pechatka does not start trusting them"));
        robot.type(KeyCode.ENTER);
        assertThat(stored.get(10, TimeUnit.SECONDS)).isEqualTo("stored");
    }

    @Test
    void whenThereIsNoChain_thenTheCaSectionIsHiddenAndTabEnterCancels() throws Exception {
        CompletableFuture<Object> stored = inBackground(() -> {
            prompter.confirmImport(f.certImport(false), interaction());
            return "stored";
        });
        Stage s = awaitWindow();
        assertThat(visible(s, "cas-box")).isFalse();
        robot.type(KeyCode.TAB).type(KeyCode.ENTER); // keyboard only: to Cancel, Enter
        assertCancelled(stored);
    }

    @Test
    void whenNobodyAnswers_thenTheWindowClosesWithUserTimeout() throws Exception {
        Interaction ix = new Interaction(ORIGIN, Duration.ofMillis(800));
        DialogFixtures.CREATED.add(ix);
        CompletableFuture<Object> created = inBackground(() -> {
            prompter.confirmCsr(f.newCsr(), ix);
            return "created";
        });
        Stage s = awaitWindow();
        assertThatThrownBy(() -> created.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                PechatkaException.UserTimeout.class);
        DialogFixtures.awaitClosed(s);
        assertThat(Fx.on(s::isShowing)).isFalse();
    }

    static Stream<Arguments> languages() {
        return Stream.of(
                Arguments.of(Language.BE, "Стварыць запыт", "Прозвішча", "Захаваць", "Сайт"),
                Arguments.of(Language.RU, "Создать запрос", "Фамилия", "Сохранить", "Сайт"),
                Arguments.of(Language.EN, "Create request", "Surname", "Store", "Site"));
    }

    @ParameterizedTest
    @MethodSource("languages")
    void bothWindowsSpeakTheChosenLanguage(Language language, String create, String surname, String store,
            String site) throws Exception {
        Messages.use(language);
        CompletableFuture<Object> csr = inBackground(() -> {
            prompter.confirmCsr(f.newCsr(), interaction());
            return null;
        });
        Stage s = awaitWindow();
        assertThat(text(s, "ok")).isEqualTo(create);
        assertThat(subjectTexts(s).get(2)).isEqualTo(surname);
        assertThat(Fx.on(() -> labels(s.getScene().getRoot()).get(0).getText())).isEqualTo(site);
        robot.type(KeyCode.ESCAPE);
        assertCancelled(csr);

        CompletableFuture<Object> imp = inBackground(() -> {
            prompter.confirmImport(f.certImport(true), interaction());
            return null;
        });
        Stage t = awaitWindow();
        assertThat(text(t, "ok")).isEqualTo(store);
        robot.type(KeyCode.ESCAPE);
        assertCancelled(imp);
    }
}
