package org.pechatka.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.firststart.FirstStart;

/**
 * Pictures of every Settings section and of the first-start window in Belarusian, Russian and
 * English (target/screenshots/settings-SECTION-LANG.png, firststart-LANG.png), each checked to be
 * in its language: the title is the translated one.
 */
class SettingsScreenshotsTest {

    private static ExecutorService background;

    @BeforeAll
    static void startFx() {
        FxPlatform.start();
        background = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
        Messages.use(Language.EN);
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void everySectionAndTheFirstStartInEachLanguage(Language language, @TempDir Path tmp) throws Exception {
        Messages.use(language);
        Messages texts = Messages.forScreen(SettingsWindow.class, language);
        SettingsFixture f = new SettingsFixture(tmp, null);
        SettingsWindow window = new SettingsWindow(f.settings, f.trust, background);
        String lang = language.tag();
        for (Section section : Section.values()) {
            window.show(section);
            Stage s = Fx.awaitFocused("Pechatka — " + texts.get("settings.title"));
            if (section == Section.LOCAL_CERTIFICATE) {
                Fx.await("the status", () -> !((Label) s.getScene().lookup("#summary")).getText()
                        .equals(texts.get("certificate.checking")));
            }
            Fx.screenshot(s.getScene(), "settings-" + section.id() + "-" + lang);
        }
        Fx.run(() -> window.stage().hide());

        CompletableFuture<FirstStart.Outcome> first = FirstStart.showIfNeeded(f.settings.preferences(), f.trust,
                background);
        Messages fs = Messages.forScreen(FirstStart.class, language);
        Stage s = Fx.awaitFocused("Pechatka — " + fs.get("firststart.title"));
        Fx.await("the status", () -> !((Label) s.getScene().lookup("#status")).getText()
                .equals(fs.get("firststart.checking")));
        Path shot = Fx.screenshot(s.getScene(), "firststart-" + lang);
        assertThat(Files.size(shot)).isPositive();
        Fx.run(() -> ((javafx.scene.control.Button) s.getScene().lookup("#notNow")).fire());
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(FirstStart.Outcome.NOT_NOW);
    }
}
