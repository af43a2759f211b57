package org.pechatka.ui.firststart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.config.UserSettings;
import org.pechatka.desktop.LocalTrust;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.Fx;
import org.pechatka.ui.settings.SettingsFixture;
import org.testfx.api.FxRobot;

/**
 * The first-start window over the real adapters (settings file, XDG autostart file, certutil on a
 * temporary NSS database): both answers with the keyboard only, shown once, and the
 * administrator's autostart said rather than asked.
 */
class FirstStartTest {

    private static ExecutorService background;
    private final FxRobot robot = new FxRobot();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startFx() {
        FxPlatform.start();
        background = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
    }

    @BeforeEach
    void english() {
        Messages.use(Language.EN);
    }

    /** A label's text, read on the calling (JavaFX) thread. */
    private static String label(Stage s, String id) {
        return ((Label) s.getScene().lookup("#" + id)).getText();
    }

    private static String text(Stage s, String id) throws Exception {
        return Fx.on(() -> ((Label) s.getScene().lookup("#" + id)).getText());
    }

    @Test
    void whenTrustAndContinueIsChosen_thenTheCertificateIsTrustedAutostartIsOnAndItIsNotShownAgain() throws Exception {
        SettingsFixture f = new SettingsFixture(tmp, null);
        CompletableFuture<FirstStart.Outcome> outcome = FirstStart.showIfNeeded(f.settings.preferences(), f.trust,
                background);
        Stage s = Fx.awaitFocused("Pechatka — Welcome");
        Fx.await("the status", () -> label(s, "status").equals("Your browsers do not trust it yet."));
        assertThat(Fx.on(() -> ((Button) s.getScene().lookup("#accept")).getText())).isEqualTo("Trust and continue");
        CheckBox autostart = Fx.lookup(s, "#autostart");
        assertThat(Fx.on(autostart::isSelected)).as("starting at login is offered, never preset").isFalse();
        Fx.run(autostart::requestFocus);
        robot.type(KeyCode.SPACE);
        assertThat(Fx.on(autostart::isSelected)).isTrue();
        Fx.screenshot(s.getScene(), "firststart-en");

        robot.type(KeyCode.ENTER);
        Fx.await("done", () -> label(s, "status").startsWith("Done."));
        assertThat(f.trust.status().state()).isEqualTo(LocalTrust.State.TRUSTED);
        assertThat(f.autostart.file()).isRegularFile();
        Fx.screenshot(s.getScene(), "firststart-done-en");
        robot.type(KeyCode.ENTER); // Close
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(FirstStart.Outcome.ACCEPTED);
        assertThat(s.isShowing()).isFalse();
        UserSettings saved = UserSettings.load(f.configDir);
        assertThat(saved.firstStartDone()).isTrue();
        assertThat(saved.autostart()).contains(true);

        assertThat(FirstStart.showIfNeeded(f.settings.preferences(), f.trust, background).get(5, TimeUnit.SECONDS))
                .isEqualTo(FirstStart.Outcome.ALREADY_DONE);
        assertThat(Fx.windows("Welcome")).isEmpty();
    }

    @Test
    void whenTheWindowIsDismissedWithEscape_thenNothingIsInstalledAndNoAutostartIsCreated() throws Exception {
        SettingsFixture f = new SettingsFixture(tmp, null);
        CompletableFuture<FirstStart.Outcome> outcome = FirstStart.showIfNeeded(f.settings.preferences(), f.trust,
                background);
        Stage s = Fx.awaitFocused("Pechatka — Welcome");
        Fx.await("the status", () -> !label(s, "status").startsWith("Checking"));
        CheckBox box = Fx.lookup(s, "#autostart");
        assertThat(Fx.on(box::isSelected)).isFalse();
        robot.type(KeyCode.ESCAPE);
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(FirstStart.Outcome.NOT_NOW);
        assertThat(f.trust.status().state()).isEqualTo(LocalTrust.State.NOT_TRUSTED);
        assertThat(f.autostart.file()).doesNotExist();
        UserSettings saved = UserSettings.load(f.configDir);
        assertThat(saved.firstStartDone()).isTrue();
        assertThat(saved.autostart()).contains(false);
    }

    @Test
    void whenTheAdministratorDecidesAutostart_thenTheWindowSaysSoInsteadOfAsking() throws Exception {
        SettingsFixture f = new SettingsFixture(tmp, false);
        CompletableFuture<FirstStart.Outcome> outcome = FirstStart.showIfNeeded(f.settings.preferences(), f.trust,
                background);
        Stage s = Fx.awaitFocused("Pechatka — Welcome");
        assertThat(Fx.on(() -> s.getScene().lookup("#autostart").isVisible())).isFalse();
        assertThat(text(s, "autostartNote")).isEqualTo("Your administrator has set Pechatka not to start at login.");
        Fx.await("the status", () -> !label(s, "status").startsWith("Checking"));
        Fx.screenshot(s.getScene(), "firststart-admin-en");
        Button notNow = Fx.lookup(s, "#notNow");
        Fx.run(notNow::requestFocus);
        robot.type(KeyCode.SPACE);
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(FirstStart.Outcome.NOT_NOW);
        assertThat(UserSettings.load(f.configDir).autostart()).as("the user's choice is not asked").isEmpty();
        assertThat(Files.exists(f.autostart.file())).isFalse();
    }
}
