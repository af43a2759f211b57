package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.config.AdminPolicy;
import org.pechatka.config.UserSettings;
import org.pechatka.desktop.Preferences;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.desktop.TokenModules;
import org.pechatka.desktop.TrustedSites;
import org.pechatka.platform.Autostart;
import org.pechatka.platform.Os;
import org.pechatka.platform.XdgAutostart;
import org.pechatka.protocol.Grants;
import org.pechatka.server.OriginPolicy;
import org.pechatka.token.pkcs11.ModuleDiscovery;

/**
 * The Settings ports over real files: the admin policy wins over the user's settings, which win
 * over the defaults; modules are checked by loading them; autostart writes a real desktop file.
 */
class DesktopSettingsTest {

    private static final Path SOFTHSM = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final String ADMIN_SITE = "https://portal.gov.by";
    private static final String RUN_SITE = "https://demo.test";

    @TempDir
    Path tmp;

    private final List<Path> opened = new ArrayList<>();

    private static AdminPolicy policy(List<String> origins, boolean allowUser, Boolean autostart) {
        return new AdminPolicy(origins, allowUser, AdminPolicy.DEFAULT_PORT, AdminPolicy.MAX_MESSAGE_BYTES,
                Duration.ZERO, "test", null, autostart);
    }

    /** No discovery at all (an OS without known paths), so the test sees only its own modules. */
    private static ModuleDiscovery noDiscovery() {
        return new ModuleDiscovery(new ModuleDiscovery.Settings(Os.OTHER, List.of(), null, null, List.of(), List.of()));
    }

    private DesktopSettings settings(AdminPolicy policy, OriginPolicy origins, Autostart autostart) throws Exception {
        return new DesktopSettings(new DesktopSettings.Config(tmp.resolve("config"), policy, origins,
                Grants.load(Files.createDirectories(tmp.resolve("data"))), List.of("/opt/cli/module.so"), noDiscovery(),
                autostart, tmp.resolve("logs")), opened::add);
    }

    private DesktopSettings settings(AdminPolicy policy) throws Exception {
        List<String> user = UserSettings.load(tmp.resolve("config")).trustedOrigins();
        return settings(policy, OriginPolicy.of(policy, user, List.of(RUN_SITE)), null);
    }

    @Test
    void whenTheAdminListsASite_thenItIsShownAsTheAdminsAndCannotBeRemoved() throws Exception {
        AdminPolicy policy = policy(List.of(ADMIN_SITE), true, null);
        DesktopSettings s = settings(policy);
        assertThat(s.sites().add("https://e-pasluga.by")).isEmpty();

        assertThat(s.sites().list()).containsExactly(new TrustedSites.Site(ADMIN_SITE, TrustedSites.Source.ADMIN),
                new TrustedSites.Site(RUN_SITE, TrustedSites.Source.COMMAND_LINE),
                new TrustedSites.Site("https://e-pasluga.by", TrustedSites.Source.USER));
        assertThat(s.sites().remove(ADMIN_SITE)).contains(SettingsProblem.SET_BY_ADMIN);
        assertThat(s.sites().remove(RUN_SITE)).contains(SettingsProblem.SET_FOR_THIS_RUN);
        assertThat(s.sites().add(ADMIN_SITE)).contains(SettingsProblem.ALREADY_LISTED);
        assertThat(s.sites().list()).extracting(TrustedSites.Site::origin).contains(ADMIN_SITE, RUN_SITE);
        assertThat(UserSettings.load(tmp.resolve("config")).trustedOrigins())
                .as("only the user's own sites are saved").containsExactly("https://e-pasluga.by");
        assertThat(s.sites().remove("https://E-PASLUGA.by")).isEmpty();
        assertThat(UserSettings.load(tmp.resolve("config")).trustedOrigins()).isEmpty();
        assertThat(s.sites().remove("https://e-pasluga.by")).contains(SettingsProblem.NOT_LISTED);
    }

    @Test
    void whenTheAdminForbidsUserSites_thenTheUsersSavedSitesDoNotCountAndNoneCanBeAdded() throws Exception {
        UserSettings.defaults().withOrigin("https://mine.example").save(tmp.resolve("config"));
        DesktopSettings s = settings(policy(List.of(ADMIN_SITE), false, null));
        assertThat(s.sites().userMayAdd()).isFalse();
        assertThat(s.sites().list()).containsExactly(new TrustedSites.Site(ADMIN_SITE, TrustedSites.Source.ADMIN));
        assertThat(s.sites().add("https://other.example")).contains(SettingsProblem.NOT_ALLOWED_BY_ADMIN);
        assertThat(UserSettings.load(tmp.resolve("config")).trustedOrigins()).containsExactly("https://mine.example");
    }

    @Test
    void whenASiteCannotBeTrusted_thenTheProblemSaysWhy() throws Exception {
        DesktopSettings s = settings(AdminPolicy.defaults());
        assertThat(s.sites().add("http://portal.gov.by")).contains(SettingsProblem.NOT_HTTPS);
        assertThat(s.sites().add("https://portal.gov.by/login")).contains(SettingsProblem.NOT_AN_ORIGIN);
        assertThat(s.sites().add("https://*.gov.by")).contains(SettingsProblem.NOT_AN_ORIGIN);
        assertThat(s.sites().list()).extracting(TrustedSites.Site::origin).containsExactly(RUN_SITE);
    }

    @Test
    void whenAModuleIsAddedByPath_thenOnlyARealPkcs11ModuleIsKept() throws Exception {
        DesktopSettings s = settings(AdminPolicy.defaults());
        TokenModules modules = s.modules();
        assertThat(modules.list()).containsExactly(new TokenModules.Module("/opt/cli/module.so", "module.so",
                TokenModules.Source.COMMAND_LINE, false));

        assertThat(SOFTHSM).as("SoftHSM2 is installed by bin/test").isRegularFile();
        assertThat(modules.add(SOFTHSM.toString())).isEmpty();
        assertThat(modules.list()).contains(new TokenModules.Module(SOFTHSM.toString(), "libsofthsm2.so",
                TokenModules.Source.ADDED_BY_USER, true));
        assertThat(modules.add(SOFTHSM.toString())).contains(SettingsProblem.ALREADY_LISTED);
        assertThat(UserSettings.load(tmp.resolve("config")).pkcs11Modules()).containsExactly(SOFTHSM.toString());

        Path random = Files.write(tmp.resolve("random.so"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(modules.add(random.toString())).contains(SettingsProblem.NOT_A_LIBRARY);
        Path libzip = Path.of(System.getProperty("java.home"), "lib", "libzip.so");
        assertThat(modules.add(libzip.toString())).contains(SettingsProblem.NOT_PKCS11_MODULE);
        assertThat(modules.add(tmp.resolve("absent.so").toString())).contains(SettingsProblem.FILE_NOT_FOUND);
        assertThat(modules.add("  ")).contains(SettingsProblem.EMPTY);
        assertThat(UserSettings.load(tmp.resolve("config")).pkcs11Modules()).containsExactly(SOFTHSM.toString());

        assertThat(modules.remove("/opt/cli/module.so")).contains(SettingsProblem.SET_FOR_THIS_RUN);
        assertThat(modules.remove(SOFTHSM.toString())).isEmpty();
        assertThat(UserSettings.load(tmp.resolve("config")).pkcs11Modules()).isEmpty();
        assertThat(modules.changesNeedRestart()).isTrue();
    }

    @Test
    void whenDiscoveryFindsAModuleAlready_thenAddingItAgainIsRefused() throws Exception {
        AdminPolicy policy = AdminPolicy.defaults();
        DesktopSettings s = new DesktopSettings(new DesktopSettings.Config(tmp.resolve("config"), policy,
                OriginPolicy.of(policy, List.of(), List.of()), Grants.load(tmp), List.of(),
                new ModuleDiscovery(ModuleDiscovery.Settings.system()), null, tmp.resolve("logs")));
        assertThat(s.modules().list()).anyMatch(m -> m.path().endsWith("libsofthsm2.so")
                && m.source() == TokenModules.Source.FOUND_AUTOMATICALLY && m.present());
        assertThat(s.modules().add(SOFTHSM.toString())).contains(SettingsProblem.ALREADY_LISTED);
    }

    @Test
    void whenTheUserSwitchesAutostart_thenTheDesktopFileFollowsAndTheChoiceIsSaved() throws Exception {
        XdgAutostart xdg = new XdgAutostart(tmp.resolve("xdg"), List.of("/opt/pechatka/bin/Pechatka"));
        AdminPolicy policy = AdminPolicy.defaults();
        DesktopSettings s = settings(policy, OriginPolicy.of(policy, List.of(), List.of()), xdg);
        Preferences p = s.preferences();
        assertThat(p.autostart()).isEqualTo(new Preferences.AutostartState(false, false, true));

        assertThat(p.setAutostart(true)).isEmpty();
        assertThat(xdg.file()).isRegularFile();
        assertThat(p.autostart().enabled()).isTrue();
        assertThat(UserSettings.load(tmp.resolve("config")).autostart()).contains(true);

        assertThat(p.setAutostart(false)).isEmpty();
        assertThat(xdg.file()).doesNotExist();
        assertThat(UserSettings.load(tmp.resolve("config")).autostart()).contains(false);
    }

    @Test
    void whenTheAdminFixesAutostart_thenItWinsOverTheUsersChoice() throws Exception {
        UserSettings.defaults().withAutostart(false).save(tmp.resolve("config"));
        XdgAutostart xdg = new XdgAutostart(tmp.resolve("xdg"), List.of("/opt/pechatka/bin/Pechatka"));
        AdminPolicy policy = policy(List.of(), true, true);
        DesktopSettings s = settings(policy, OriginPolicy.of(policy, List.of(), List.of()), xdg);

        s.applyAutostartAtStart();
        assertThat(xdg.file()).as("the admin's true beats the user's false").isRegularFile();
        assertThat(s.preferences().autostart()).isEqualTo(new Preferences.AutostartState(true, true, true));
        assertThat(s.preferences().autostart().changeable()).isFalse();
        assertThat(s.preferences().setAutostart(false)).contains(SettingsProblem.SET_BY_ADMIN);
        assertThat(xdg.file()).isRegularFile();
    }

    @Test
    void whenTheUserDecidedBefore_thenStartUpRestoresTheEntryAndAnUndecidedUserIsLeftAlone() throws Exception {
        XdgAutostart xdg = new XdgAutostart(tmp.resolve("xdg"), List.of("/opt/pechatka/bin/Pechatka"));
        AdminPolicy policy = AdminPolicy.defaults();
        DesktopSettings s = settings(policy, OriginPolicy.of(policy, List.of(), List.of()), xdg);
        s.applyAutostartAtStart();
        assertThat(xdg.file()).as("undecided: the first-start window asks").doesNotExist();
        UserSettings.defaults().withAutostart(true).save(tmp.resolve("config"));
        s.applyAutostartAtStart();
        assertThat(xdg.file()).isRegularFile();
    }

    @Test
    void whenNoLauncherIsKnown_thenAutostartIsUnavailable() throws Exception {
        DesktopSettings s = settings(AdminPolicy.defaults());
        assertThat(s.preferences().autostart()).isEqualTo(new Preferences.AutostartState(false, false, false));
        assertThat(s.preferences().setAutostart(true)).contains(SettingsProblem.AUTOSTART_UNAVAILABLE);
    }

    @Test
    void whenLanguageFirstStartAndLogsAreUsed_thenTheyAreSavedAndTheFolderIsOpened() throws Exception {
        Preferences p = settings(AdminPolicy.defaults()).preferences();
        assertThat(p.language()).isEmpty();
        assertThat(p.setLanguage("ru")).isEmpty();
        assertThat(p.language()).contains("ru");
        assertThat(p.setLanguage(null)).isEmpty();
        assertThat(p.language()).isEmpty();
        assertThat(p.firstStartDone()).isFalse();
        assertThat(p.markFirstStartDone()).isEmpty();
        assertThat(p.firstStartDone()).isTrue();
        assertThat(UserSettings.load(tmp.resolve("config")).firstStartDone()).isTrue();
        assertThat(p.logFolder()).isEqualTo(tmp.resolve("logs"));
        assertThat(p.openLogFolder()).isEqualTo(Optional.empty());
        assertThat(opened).containsExactly(tmp.resolve("logs"));
    }
}
