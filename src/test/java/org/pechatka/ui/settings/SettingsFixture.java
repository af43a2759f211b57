package org.pechatka.ui.settings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.pechatka.app.DesktopLocalTrust;
import org.pechatka.app.DesktopSettings;
import org.pechatka.config.AdminPolicy;
import org.pechatka.platform.Os;
import org.pechatka.platform.XdgAutostart;
import org.pechatka.protocol.Grants;
import org.pechatka.server.OriginPolicy;
import org.pechatka.server.tls.CommandRunner;
import org.pechatka.server.tls.LocalTls;
import org.pechatka.server.tls.TrustStores;
import org.pechatka.token.pkcs11.ModuleDiscovery;

/**
 * The real Settings adapters over a temporary world for window tests: a config directory, an admin
 * policy with one site, a command-line site and module, an XDG autostart directory, and a home
 * with an empty Chromium NSS database for the real certutil. Only opening the log folder is
 * recorded instead of starting a file manager.
 */
public final class SettingsFixture {

    public static final String ADMIN_SITE = "https://portal.gov.by";
    public static final String RUN_SITE = "https://demo.pechatka.test";

    public final Path dir;
    public final Path configDir;
    public final XdgAutostart autostart;
    public final OriginPolicy origins;
    public final DesktopSettings settings;
    public final DesktopLocalTrust trust;
    public final List<Path> opened = new CopyOnWriteArrayList<>();

    public SettingsFixture(Path dir, Boolean adminAutostart) throws Exception {
        this(new AdminPolicy(List.of(ADMIN_SITE), true, AdminPolicy.DEFAULT_PORT,
                AdminPolicy.MAX_MESSAGE_BYTES, Duration.ZERO, "/etc/pechatka/policy.json", null, adminAutostart), dir);
    }

    /** The same world under another admin policy. */
    public SettingsFixture(AdminPolicy policy, Path dir) throws Exception {
        this.dir = dir;
        this.configDir = dir.resolve("config");
        this.origins = OriginPolicy.of(policy, List.of("https://e-pasluga.by"), List.of(RUN_SITE));
        this.autostart = new XdgAutostart(dir.resolve("xdg"), List.of("/opt/pechatka/bin/Pechatka"));
        this.settings = new DesktopSettings(new DesktopSettings.Config(configDir, policy, origins,
                Grants.load(Files.createDirectories(dir.resolve("data"))), List.of("/opt/vendor/lib/libvendor-p11.so"),
                new ModuleDiscovery(new ModuleDiscovery.Settings(Os.OTHER, List.of(), null, null, List.of(), List.of())),
                autostart, dir.resolve("logs")), opened::add);
        settings.sites().add("https://e-pasluga.by");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path db = Files.createDirectories(home.resolve(".pki/nssdb"));
        Process p = new ProcessBuilder("certutil", "-N", "--empty-password", "-d", "sql:" + db)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("certutil -N failed: " + out);
        }
        LocalTls tls = LocalTls.loadOrCreate(dir.resolve("data"), Clock.systemUTC());
        this.trust = new DesktopLocalTrust(new TrustStores(TrustStores.Settings.linuxUser(home, tls.caCertificateFile(),
                TrustStores.nicknameFor(tls.caCertificate())), CommandRunner.system()));
    }
}
