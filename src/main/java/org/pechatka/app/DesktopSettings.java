package org.pechatka.app;

import java.nio.file.Path;
import java.util.List;
import org.pechatka.config.AdminPolicy;
import org.pechatka.desktop.AdminNote;
import org.pechatka.desktop.Preferences;
import org.pechatka.desktop.SettingsStore;
import org.pechatka.desktop.TokenModules;
import org.pechatka.desktop.TrustedSites;
import org.pechatka.platform.AppDirs;
import org.pechatka.platform.Autostart;
import org.pechatka.platform.Launcher;
import org.pechatka.protocol.Grants;
import org.pechatka.server.OriginPolicy;
import org.pechatka.token.pkcs11.ModuleDiscovery;

/**
 * The Settings window's ports over the running application: the user's settings file, the admin
 * policy (which wins), the endpoint's live origin policy and certificate grants, module discovery,
 * the desktop's autostart and the log folder.
 */
public final class DesktopSettings implements SettingsStore {

    /**
     * What the adapters work on.
     *
     * @param configDir          the user's config directory ({@code settings.json})
     * @param policy             the admin policy
     * @param origins            the endpoint's origin policy (its user part is replaced on change)
     * @param grants             the protocol's certificate grants (revoked for a removed site)
     * @param commandLineModules {@code --pkcs11-module} paths of this run
     * @param discovery          module discovery
     * @param autostart          the desktop's autostart, or null when no launcher is known
     * @param logFolder          where the logs are written
     */
    public record Config(Path configDir, AdminPolicy policy, OriginPolicy origins, Grants grants,
            List<String> commandLineModules, ModuleDiscovery discovery, Autostart autostart, Path logFolder) {}

    private final SettingsSites sites;
    private final SettingsModules modules;
    private final SettingsPreferences preferences;
    private final AdminNote admin;

    /** Opens a folder in the file manager. */
    @FunctionalInterface
    public interface FolderOpener {
        void open(Path folder) throws java.io.IOException;
    }

    public DesktopSettings(Config config) {
        this(config, org.pechatka.platform.FolderOpener::open);
    }

    /** With another way to open the log folder (tests record the call instead of starting a file manager). */
    public DesktopSettings(Config config, FolderOpener opener) {
        SettingsFile file = new SettingsFile(config.configDir());
        this.sites = new SettingsSites(file, config.origins(), config.grants());
        this.modules = new SettingsModules(file, config.discovery(), config.commandLineModules(),
                config.policy().pkcs11Modules());
        this.admin = new AdminNote(config.policy().present() ? config.policy().source() : null,
                config.policy().error(), PolicyChecks.warnings(config.policy()));
        this.preferences = new SettingsPreferences(file, config.policy(), config.autostart(), config.logFolder(),
                opener);
    }

    /**
     * The settings of the current user on this machine: the default config directory, system module
     * discovery, the installed launcher for autostart (none in a development run from classes), the
     * default log folder.
     */
    public static DesktopSettings forCurrentUser(AdminPolicy policy, OriginPolicy origins, Grants grants,
            List<String> commandLineModules) {
        return forCurrentUser(policy, origins, grants, commandLineModules, AppDirs.defaultLogDir());
    }

    /** The same, with the log folder the app writes to (another one when a data directory is given). */
    public static DesktopSettings forCurrentUser(AdminPolicy policy, OriginPolicy origins, Grants grants,
            List<String> commandLineModules, Path logFolder) {
        Autostart autostart = Launcher.detect(Main.class).map(Autostart::forCurrentUser).orElse(null);
        return new DesktopSettings(new Config(AppDirs.defaultConfigDir(), policy, origins, grants, commandLineModules,
                new ModuleDiscovery(ModuleDiscovery.Settings.system()), autostart, logFolder));
    }

    /** Brings the desktop's autostart entry in line with the admin policy or the user's choice (call at start). */
    public void applyAutostartAtStart() {
        preferences.applyAutostartAtStart();
    }

    @Override
    public TrustedSites sites() {
        return sites;
    }

    @Override
    public TokenModules modules() {
        return modules;
    }

    @Override
    public Preferences preferences() {
        return preferences;
    }

    @Override
    public AdminNote admin() {
        return admin;
    }
}
