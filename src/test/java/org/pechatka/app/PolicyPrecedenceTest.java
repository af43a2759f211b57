package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.config.AdminPolicy;
import org.pechatka.config.UserSettings;
import org.pechatka.desktop.TokenModules;
import org.pechatka.platform.Os;
import org.pechatka.platform.XdgAutostart;
import org.pechatka.protocol.Grants;
import org.pechatka.server.OriginPolicy;
import org.pechatka.token.pkcs11.ModuleDiscovery;

/**
 * The admin policy against the user's own settings, both read from real files as the app reads them
 * at start: trusted sites, autostart, token modules and the dialog timeout.
 */
class PolicyPrecedenceTest {

    private static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";

    @TempDir
    Path tmp;

    private AdminPolicy policy(String json) throws Exception {
        AdminPolicy p = AdminPolicy.load(Files.writeString(tmp.resolve("policy.json"), json, StandardCharsets.UTF_8));
        assertThat(p.error()).isNull();
        return p;
    }

    private UserSettings user() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("settings.json"), """
                {"trustedOrigins": ["https://e-pasluga.by"], "autostart": false,
                 "pkcs11Modules": ["/opt/user/libuser-p11.so", "%s"]}
                """.formatted(MODULE), StandardCharsets.UTF_8);
        UserSettings u = UserSettings.load(config);
        assertThat(u.problem()).isNull();
        return u;
    }

    private DesktopSettings settings(AdminPolicy policy, OriginPolicy origins) throws Exception {
        return new DesktopSettings(new DesktopSettings.Config(tmp.resolve("config"), policy, origins,
                Grants.load(Files.createDirectories(tmp.resolve("data"))), List.of(),
                new ModuleDiscovery(new ModuleDiscovery.Settings(Os.OTHER, List.of(), null, null, List.of(), List.of())),
                new XdgAutostart(tmp.resolve("xdg"), List.of("/opt/pechatka/bin/Pechatka")), tmp.resolve("logs")),
                folder -> { });
    }

    @Test
    void whenThePolicyForbidsUserSites_thenOnlyItsSitesAreTrustedAndWhenItAllowsThemBothAre() throws Exception {
        UserSettings user = user();
        OriginPolicy closed = OriginPolicy.of(policy("""
                {"trustedOrigins": ["https://portal.gov.by"], "allowUserOrigins": false}"""),
                user.trustedOrigins(), List.of("https://cli.example.by"));
        assertThat(closed.origins()).containsExactly("https://portal.gov.by");
        assertThat(closed.trusted("https://e-pasluga.by")).isFalse();

        OriginPolicy open = OriginPolicy.of(policy("{\"trustedOrigins\": [\"https://portal.gov.by\"]}"),
                user.trustedOrigins(), List.of());
        assertThat(open.origins()).contains("https://portal.gov.by", "https://e-pasluga.by");
    }

    @Test
    void whenThePolicyFixesAutostart_thenItWinsOverTheUsersNo() throws Exception {
        UserSettings user = user();
        assertThat(user.autostart()).contains(false);
        AdminPolicy p = policy("{\"autostart\": true}");
        DesktopSettings s = settings(p, OriginPolicy.of(p, user.trustedOrigins(), List.of()));
        assertThat(s.preferences().autostart().adminFixed()).isTrue();
        assertThat(s.preferences().autostart().enabled()).isTrue();
        s.applyAutostartAtStart();
        Path entry = new XdgAutostart(tmp.resolve("xdg"), List.of("/opt/pechatka/bin/Pechatka")).file();
        assertThat(entry).isRegularFile();
        assertThat(s.preferences().setAutostart(false)).isPresent();
        assertThat(entry).isRegularFile();
    }

    @Test
    void whenThePolicyAddsModules_thenTheyLoadAfterTheUsersOnceAndShowAsTheAdministrators() throws Exception {
        UserSettings user = user();
        AdminPolicy p = policy("{\"pkcs11Modules\": [\"" + MODULE + "\", \"/opt/admin/libadmin-p11.so\"]}");
        List<String> modules = new ArrayList<>(List.of("/opt/cli/libcli-p11.so"));
        AppRunner.addModules(modules, user.pkcs11Modules(), p);
        assertThat(modules).containsExactly("/opt/cli/libcli-p11.so", "/opt/user/libuser-p11.so", MODULE,
                "/opt/admin/libadmin-p11.so");

        DesktopSettings s = settings(p, OriginPolicy.of(p, user.trustedOrigins(), List.of()));
        assertThat(s.modules().list()).extracting(TokenModules.Module::path, TokenModules.Module::source)
                .contains(org.assertj.core.groups.Tuple.tuple(MODULE, TokenModules.Source.SET_BY_ADMIN),
                        org.assertj.core.groups.Tuple.tuple("/opt/admin/libadmin-p11.so",
                                TokenModules.Source.SET_BY_ADMIN),
                        org.assertj.core.groups.Tuple.tuple("/opt/user/libuser-p11.so",
                                TokenModules.Source.ADDED_BY_USER));
        assertThat(s.modules().remove(MODULE)).as("the user's copy of an admin module stays the admin's").isPresent();
        assertThat(s.admin().warnings()).anyMatch(w -> w.contains("/opt/admin/libadmin-p11.so"));
    }

    @Test
    void whenThePolicySetsTheDialogTimeoutAndKeyAlgorithms_thenTheProtocolUsesThem() throws Exception {
        ProtocolConfigCheck.check(AppRunner.protocolConfig(policy(
                "{\"dialogTimeoutSeconds\": 300, \"allowedKeyAlgorithms\": [\"BIGN-128\"]}")), Duration.ofSeconds(300),
                "BIGN-128", "EC-P256");
        ProtocolConfigCheck.check(AppRunner.protocolConfig(AdminPolicy.defaults()), Duration.ofSeconds(120),
                "EC-P256", null);
    }

    /** The protocol configuration's timeout and key-algorithm predicate. */
    private static final class ProtocolConfigCheck {
        static void check(org.pechatka.protocol.ProtocolService.Config c, Duration timeout, String allowed,
                String refused) {
            assertThat(c.dialogTimeout()).isEqualTo(timeout);
            assertThat(c.keyAlgorithms().test(allowed)).isTrue();
            if (refused != null) {
                assertThat(c.keyAlgorithms().test(refused)).isFalse();
            }
        }
    }
}
