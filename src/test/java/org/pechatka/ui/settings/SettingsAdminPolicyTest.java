package org.pechatka.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.config.AdminPolicy;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.desktop.TokenModules;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;

/**
 * The Settings window under an admin policy read from a real file: the note that the administrator
 * sets some settings and by which policy, the policy's token module listed as the administrator's
 * and not removable, and, for a broken policy, the visible problem. Pictures in the three languages
 * (target/screenshots/settings-admin-*.png, settings-admin-broken-*.png).
 */
class SettingsAdminPolicyTest {

    private static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    private static ExecutorService background;

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
        Messages.use(Language.EN);
    }

    private AdminPolicy policy(String json) throws Exception {
        Path file = Files.writeString(tmp.resolve("policy.json"), json, StandardCharsets.UTF_8);
        return AdminPolicy.load(file);
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
    void whenThePolicyAddsAModule_thenItIsListedAsTheAdministratorsAndCannotBeRemoved() throws Exception {
        Messages.use(Language.EN);
        AdminPolicy policy = policy("{\"trustedOrigins\": [\"https://portal.gov.by\"], \"pkcs11Modules\": [\""
                + MODULE + "\"]}");
        assertThat(policy.error()).isNull();
        SettingsFixture f = new SettingsFixture(policy, tmp.resolve("w"));
        assertThat(f.settings.modules().remove(MODULE)).contains(SettingsProblem.SET_BY_ADMIN);
        SettingsWindow window = new SettingsWindow(f.settings, f.trust, background);
        try {
            window.show(Section.TOKEN_MODULES);
            Stage s = Fx.awaitFocused("Pechatka — ");
            assertThat(visible(s, "admin")).isTrue();
            assertThat(text(s, "adminTitle")).isEqualTo("Some settings are set by your administrator.");
            assertThat(text(s, "adminSource")).isEqualTo("Policy: " + tmp.resolve("policy.json"));
            assertThat(visible(s, "adminDetails")).as("nothing is missing").isFalse();

            ListView<TokenModules.Module> list = Fx.lookup(s, "#list");
            int admin = Fx.on(() -> {
                for (int i = 0; i < list.getItems().size(); i++) {
                    if (list.getItems().get(i).path().equals(MODULE)) {
                        return i;
                    }
                }
                return -1;
            });
            assertThat(admin).isNotNegative();
            assertThat(Fx.on(() -> list.getItems().get(admin).source())).isEqualTo(TokenModules.Source.SET_BY_ADMIN);
            Fx.run(() -> {
                list.requestFocus();
                list.getSelectionModel().select(admin);
            });
            Button remove = Fx.lookup(s, "#remove");
            assertThat(Fx.on(remove::isDisabled)).isTrue();
            assertThat(text(s, "selectionNote")).isEqualTo("Set by your administrator: it cannot be removed here.");
            Fx.screenshot(s.getScene(), "settings-admin-modules-en");
        } finally {
            Fx.run(() -> window.stage().hide());
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void whenThePolicyIsBrokenOrValid_thenTheWindowSaysSoInEachLanguage(Language language) throws Exception {
        Messages.use(language);
        Messages texts = Messages.forScreen(SettingsWindow.class, language);
        AdminPolicy broken = policy("{\n  \"trustedOrigins\": [\"https://portal.gov.by\"],\n  \"port\": 99999\n}\n");
        assertThat(broken.error()).isNotNull();
        SettingsFixture f = new SettingsFixture(broken, tmp.resolve("broken"));
        SettingsWindow window = new SettingsWindow(f.settings, f.trust, background);
        try {
            window.show(Section.TRUSTED_SITES);
            Stage s = Fx.awaitFocused("Pechatka — " + texts.get("settings.title"));
            assertThat(text(s, "adminTitle")).isEqualTo(texts.get("admin.broken.title"));
            assertThat(text(s, "adminText")).isEqualTo(texts.get("admin.broken.text"));
            assertThat(text(s, "adminDetails")).contains("port (line 3)").contains("99999");
            assertThat(Fx.on(() -> s.getScene().lookup("#admin").getStyleClass())).contains("admin-banner-broken");
            Fx.screenshot(s.getScene(), "settings-admin-broken-" + language.tag());
        } finally {
            Fx.run(() -> window.stage().hide());
        }

        AdminPolicy valid = policy("{\"trustedOrigins\": [\"https://portal.gov.by\"], \"autostart\": true,"
                + " \"pkcs11Modules\": [\"" + MODULE + "\", \"/opt/absent/libabsent-p11.so\"]}");
        SettingsFixture g = new SettingsFixture(valid, tmp.resolve("valid"));
        SettingsWindow second = new SettingsWindow(g.settings, g.trust, background);
        try {
            second.show(Section.TOKEN_MODULES);
            Stage s = Fx.awaitFocused("Pechatka — " + texts.get("settings.title"));
            assertThat(text(s, "adminTitle")).isEqualTo(texts.get("admin.banner"));
            assertThat(text(s, "adminText")).isEqualTo(texts.get("admin.warnings"));
            assertThat(text(s, "adminDetails")).contains("/opt/absent/libabsent-p11.so").doesNotContain(MODULE);
            Fx.screenshot(s.getScene(), "settings-admin-modules-" + language.tag());
            second.show(Section.STARTUP);
            Fx.screenshot(s.getScene(), "settings-admin-startup-" + language.tag());
        } finally {
            Fx.run(() -> second.stage().hide());
        }
        assertThat(List.of(Language.values())).contains(language);
    }
}
