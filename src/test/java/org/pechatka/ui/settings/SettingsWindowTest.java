package org.pechatka.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.config.UserSettings;
import org.pechatka.desktop.TokenModules;
import org.pechatka.desktop.TrustedSites;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.testfx.api.FxRobot;

/**
 * The Settings window under a real display, over the real Settings adapters (settings file, origin
 * policy, module check by loading, XDG autostart file, certutil): each section, the add-site
 * warning that must be passed, read-only administrator entries, the language switch, a second
 * show() that reuses the window, and everything done with the keyboard only.
 */
class SettingsWindowTest {

    private static ExecutorService background;
    private final FxRobot robot = new FxRobot();

    @TempDir
    Path tmp;

    private SettingsFixture fixture;
    private SettingsWindow window;

    @BeforeAll
    static void startFx() {
        FxPlatform.start();
        background = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterAll
    static void stopBackground() {
        background.shutdownNow();
    }

    @BeforeEach
    void open() throws Exception {
        Messages.use(Language.EN);
        fixture = new SettingsFixture(tmp, null);
        window = new SettingsWindow(fixture.settings, fixture.trust, background);
    }

    @AfterEach
    void close() throws Exception {
        Fx.run(() -> {
            if (window.stage() != null) {
                window.stage().hide();
            }
        });
        Messages.use(Language.EN);
    }

    private Stage show(Section section) throws Exception {
        window.show(section);
        return Fx.awaitFocused("Pechatka — ");
    }

    private static String text(Stage s, String id) throws Exception {
        return Fx.on(() -> ((Label) s.getScene().lookup("#" + id)).getText());
    }

    private static boolean visible(Stage s, String id) throws Exception {
        return Fx.on(() -> {
            Node n = s.getScene().lookup("#" + id);
            return n != null && n.isVisible();
        });
    }

    @Test
    void whenASiteIsAddedWithTheKeyboard_thenTheWarningMustBePassedFirst() throws Exception {
        Stage s = show(Section.TRUSTED_SITES);
        assertThat(s.getTitle()).isEqualTo("Pechatka — Settings");
        ListView<TrustedSites.Site> list = Fx.lookup(s, "#list");
        assertThat(Fx.on(() -> list.getItems().stream().map(TrustedSites.Site::origin).toList()))
                .containsExactly(SettingsFixture.ADMIN_SITE, SettingsFixture.RUN_SITE, "https://e-pasluga.by");

        TextField input = Fx.lookup(s, "#input");
        Fx.run(input::requestFocus);
        robot.write("lk.nalog.gov.by/login");
        robot.type(KeyCode.ENTER);
        Fx.await("the warning", () -> s.getScene().lookup("#warning").isVisible());
        assertThat(text(s, "warningTitle")).isEqualTo("Trust https://lk.nalog.gov.by?");
        Fx.screenshot(s.getScene(), "settings-sites-warning-en");
        assertThat(fixture.settings.sites().list()).extracting(TrustedSites.Site::origin)
                .doesNotContain("https://lk.nalog.gov.by");
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).as("the safe answer has the focus")
                .isEqualTo("cancelAdd");

        robot.type(KeyCode.ENTER); // Cancel
        Fx.await("the warning closed", () -> !s.getScene().lookup("#warning").isVisible());
        assertThat(fixture.settings.sites().list()).extracting(TrustedSites.Site::origin)
                .doesNotContain("https://lk.nalog.gov.by");

        Fx.run(input::requestFocus);
        robot.type(KeyCode.ENTER);
        Fx.await("the warning again", () -> s.getScene().lookup("#warning").isVisible());
        robot.type(KeyCode.ESCAPE); // closes the warning, not the window
        Fx.await("the warning closed", () -> !s.getScene().lookup("#warning").isVisible());
        assertThat(s.isShowing()).isTrue();

        Fx.run(input::requestFocus);
        robot.type(KeyCode.ENTER);
        Fx.await("the warning again", () -> s.getScene().lookup("#warning").isVisible());
        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT);
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("confirm");
        robot.type(KeyCode.ENTER);
        Fx.await("added", () -> list.getItems().stream().anyMatch(x -> x.origin().equals("https://lk.nalog.gov.by")));
        assertThat(text(s, "done")).isEqualTo("https://lk.nalog.gov.by is trusted now.");
        assertThat(UserSettings.load(fixture.configDir).trustedOrigins()).contains("https://lk.nalog.gov.by");
        assertThat(fixture.origins.trusted("https://lk.nalog.gov.by")).as("at once, no restart").isTrue();
    }

    @Test
    void whenAnAdministratorsSiteIsSelected_thenItIsLabelledAndCannotBeRemoved() throws Exception {
        Stage s = show(Section.TRUSTED_SITES);
        ListView<TrustedSites.Site> list = Fx.lookup(s, "#list");
        Fx.run(() -> {
            list.requestFocus();
            list.getSelectionModel().select(0);
        });
        Button remove = Fx.lookup(s, "#remove");
        assertThat(Fx.on(remove::isDisabled)).isTrue();
        assertThat(text(s, "selectionNote")).isEqualTo("Set by your administrator: it cannot be removed here.");
        robot.type(KeyCode.DELETE);
        assertThat(fixture.settings.sites().list()).extracting(TrustedSites.Site::origin)
                .contains(SettingsFixture.ADMIN_SITE);
        Fx.screenshot(s.getScene(), "settings-sites-admin-en");

        robot.type(KeyCode.DOWN); // the command line's: read-only too
        assertThat(text(s, "selectionNote")).contains("command line");
        robot.type(KeyCode.DOWN); // the user's own
        assertThat(Fx.on(remove::isDisabled)).isFalse();
        robot.type(KeyCode.DELETE);
        Fx.await("removed", () -> list.getItems().size() == 2);
        assertThat(fixture.origins.trusted("https://e-pasluga.by")).isFalse();
        assertThat(text(s, "done")).startsWith("https://e-pasluga.by is no longer trusted.");
    }

    @Test
    void whenAModuleIsAddedByPath_thenARealModuleIsListedAndARandomFileIsRefused() throws Exception {
        Stage s = show(Section.TOKEN_MODULES);
        ListView<TokenModules.Module> list = Fx.lookup(s, "#list");
        assertThat(Fx.on(() -> list.getItems().size())).isEqualTo(1); // the command line's
        assertThat(visible(s, "restartNote")).isTrue();
        assertThat(text(s, "restartNote")).isEqualTo("Changes to modules take effect the next time Pechatka starts.");

        Path random = Files.writeString(tmp.resolve("driver.so"), "not a library");
        TextField input = Fx.lookup(s, "#input");
        Fx.run(input::requestFocus);
        robot.write(random.toString());
        robot.type(KeyCode.ENTER);
        Fx.await("the problem", () -> !((Label) s.getScene().lookup("#problem")).getText().isEmpty());
        assertThat(text(s, "problem")).startsWith("This file is not a program library");
        assertThat(Fx.on(() -> list.getItems().size())).isEqualTo(1);

        Fx.run(() -> input.setText(""));
        Fx.run(input::requestFocus);
        robot.write("/usr/lib/softhsm/libsofthsm2.so");
        robot.type(KeyCode.ENTER);
        Fx.await("added", () -> list.getItems().size() == 2);
        assertThat(text(s, "problem")).isEmpty();
        assertThat(text(s, "done")).isEqualTo("/usr/lib/softhsm/libsofthsm2.so was added.");
        assertThat(UserSettings.load(fixture.configDir).pkcs11Modules()).containsExactly("/usr/lib/softhsm/libsofthsm2.so");
        Fx.screenshot(s.getScene(), "settings-modules-added-en");
    }

    @Test
    void whenAnotherLanguageIsChosen_thenItIsSavedAndTheWindowSpeaksIt() throws Exception {
        Stage s = show(Section.LANGUAGE);
        RadioButton be = Fx.lookup(s, "#be");
        Fx.run(be::requestFocus);
        robot.type(KeyCode.SPACE);
        Fx.await("the window in Belarusian", () -> window.stage().getTitle().equals("Pechatka — Налады"));
        assertThat(UserSettings.load(fixture.configDir).language()).contains("be");
        assertThat(Messages.current()).isEqualTo(Language.BE);
        Stage again = Fx.awaitFocused("Налады");
        assertThat(Fx.on(() -> ((RadioButton) again.getScene().lookup("#be")).isSelected())).isTrue();
        Fx.screenshot(again.getScene(), "settings-language-be-chosen");

        RadioButton system = Fx.lookup(again, "#system");
        Fx.run(system::requestFocus);
        robot.type(KeyCode.SPACE);
        Fx.await("back to the system language", () -> UserSettings.load(fixture.configDir).language().isEmpty());
    }

    @Test
    void whenAutostartIsTicked_thenTheDesktopEntryIsWrittenAndRemoved() throws Exception {
        Stage s = show(Section.STARTUP);
        CheckBox box = Fx.lookup(s, "#autostart");
        assertThat(Fx.on(box::isFocused)).isTrue();
        assertThat(Fx.on(box::isSelected)).isFalse();
        robot.type(KeyCode.SPACE);
        Fx.await("the entry written", () -> Files.exists(fixture.autostart.file()));
        assertThat(UserSettings.load(fixture.configDir).autostart()).contains(true);
        robot.type(KeyCode.SPACE);
        Fx.await("the entry removed", () -> !Files.exists(fixture.autostart.file()));
        assertThat(UserSettings.load(fixture.configDir).autostart()).contains(false);
    }

    @Test
    void whenTheAdministratorDecidesAutostart_thenTheBoxIsDisabledAndSaysWho() throws Exception {
        SettingsFixture fixed = new SettingsFixture(Files.createDirectories(tmp.resolve("admin")), true);
        fixed.settings.applyAutostartAtStart();
        window = new SettingsWindow(fixed.settings, fixed.trust, background);
        Stage s = show(Section.STARTUP);
        CheckBox box = Fx.lookup(s, "#autostart");
        assertThat(Fx.on(box::isDisabled)).isTrue();
        assertThat(Fx.on(box::isSelected)).isTrue();
        assertThat(text(s, "note")).isEqualTo("Your administrator has set Pechatka to start at login.");
        Fx.screenshot(s.getScene(), "settings-startup-admin-en");
    }

    @Test
    void whenTheCertificateIsNotTrusted_thenFixInstallsItInTheBackground() throws Exception {
        Stage s = show(Section.LOCAL_CERTIFICATE);
        Fx.await("the status", () -> ((Label) s.getScene().lookup("#summary")).getText().startsWith("Your browsers do"));
        assertThat(text(s, "summary")).isEqualTo(
                "Your browsers do not trust Pechatka's local certificate yet, so portals cannot reach Pechatka.");
        Button fix = Fx.lookup(s, "#fix");
        Fx.await("fix enabled", () -> !fix.isDisabled() && fix.isVisible());
        Fx.run(fix::requestFocus);
        robot.type(KeyCode.ENTER);
        Fx.await("trusted", () -> ((Label) s.getScene().lookup("#summary")).getText()
                .equals("Your browsers trust Pechatka's local certificate."));
        assertThat(visible(s, "restart")).isTrue();
        assertThat(fixture.trust.status().state()).isEqualTo(org.pechatka.desktop.LocalTrust.State.TRUSTED);
        TitledPane expert = Fx.lookup(s, "#expert");
        assertThat(Fx.on(expert::isExpanded)).isFalse();
        Fx.run(() -> expert.setExpanded(true));
        assertThat(Fx.on(() -> ((javafx.scene.control.TextArea) s.getScene().lookup("#details")).getText()))
                .contains("Chromium (~/.pki/nssdb)").contains("C,,");
    }

    @Test
    void whenTheLogsSectionIsUsed_thenThePathIsShownCopiedAndOpened() throws Exception {
        Stage s = show(Section.LOGS);
        assertThat(Fx.on(() -> ((TextField) s.getScene().lookup("#path")).getText()))
                .isEqualTo(tmp.resolve("logs").toString());
        robot.type(KeyCode.ENTER); // "Open folder" has the focus
        assertThat(fixture.opened).containsExactly(tmp.resolve("logs"));
        robot.type(KeyCode.TAB);
        robot.type(KeyCode.ENTER); // "Copy path"
        assertThat(Fx.on(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(tmp.resolve("logs").toString());
        assertThat(text(s, "done")).isEqualTo("The path was copied.");
    }

    @Test
    void whenShownTwice_thenTheSameWindowComesToTheFrontAtTheNewSection() throws Exception {
        Stage first = show(Section.TRUSTED_SITES);
        window.show(Section.LOGS);
        Fx.await("the logs section", () -> first.getScene().lookup("#path") != null);
        assertThat(Fx.windows("Settings")).containsExactly(first);
        robot.type(KeyCode.ESCAPE);
        Fx.await("closed", () -> !first.isShowing());
        window.show(Section.STARTUP);
        Fx.await("shown again", first::isShowing);
        assertThat(Fx.windows("Settings")).containsExactly(first);
    }

    @Test
    void whenTheSectionListIsUsedWithArrowKeys_thenEverySectionOpens() throws Exception {
        Stage s = show(Section.TRUSTED_SITES);
        ListView<?> sections = Fx.lookup(s, "#sections");
        Fx.run(sections::requestFocus);
        for (Section expected : Section.values()) {
            if (expected != Section.TRUSTED_SITES) {
                robot.type(KeyCode.DOWN);
            }
            Fx.await(expected + " selected", () -> sections.getSelectionModel().getSelectedItem() == expected);
        }
        robot.type(KeyCode.TAB); // into the logs section: the path (selectable), then its buttons
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("path");
        robot.type(KeyCode.TAB);
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("open");
    }
}
