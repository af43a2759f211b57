package org.pechatka.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.pechatka.config.AdminPolicy;
import org.pechatka.config.UserSettings;
import org.pechatka.desktop.Preferences;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.platform.Autostart;

/**
 * Language, autostart, the first-start flag and the log folder, over the settings file. Autostart:
 * the admin policy's value wins (the user's choice cannot change it); otherwise the user's choice
 * is both saved in the settings and written to the desktop's autostart place.
 */
final class SettingsPreferences implements Preferences {

    private static final System.Logger LOG = System.getLogger(SettingsPreferences.class.getName());

    private final SettingsFile file;
    private final AdminPolicy policy;
    private final Autostart autostart;
    private final Path logFolder;
    private final DesktopSettings.FolderOpener opener;

    /**
     * @param autostart the desktop's autostart, or null when no launcher is known (development runs)
     */
    SettingsPreferences(SettingsFile file, AdminPolicy policy, Autostart autostart, Path logFolder,
            DesktopSettings.FolderOpener opener) {
        this.file = file;
        this.policy = policy;
        this.autostart = autostart;
        this.logFolder = logFolder;
        this.opener = opener;
    }

    @Override
    public Optional<String> language() {
        return file.read().language();
    }

    @Override
    public Optional<SettingsProblem> setLanguage(String tag) {
        return save(s -> s.withLanguage(tag));
    }

    @Override
    public AutostartState autostart() {
        boolean available = autostart != null;
        if (policy.autostart() != null) { // the administrator's decision, even before the entry follows it
            return new AutostartState(policy.autostart(), true, available);
        }
        return new AutostartState(available && autostart.state() == Autostart.State.ENABLED, false, available);
    }

    @Override
    public synchronized Optional<SettingsProblem> setAutostart(boolean enabled) {
        if (policy.autostart() != null) {
            return Optional.of(SettingsProblem.SET_BY_ADMIN);
        }
        if (autostart == null) {
            return Optional.of(SettingsProblem.AUTOSTART_UNAVAILABLE);
        }
        try {
            write(enabled);
        } catch (Autostart.NotOursException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            return Optional.of(SettingsProblem.AUTOSTART_NOT_OURS);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot change autostart ({0}): {1}", autostart.location(),
                    e.getMessage());
            return Optional.of(SettingsProblem.CANNOT_SAVE);
        }
        return save(s -> s.withAutostart(enabled));
    }

    private void write(boolean enabled) throws IOException {
        if (enabled) {
            autostart.enable();
        } else {
            autostart.disable();
        }
    }

    /**
     * At start: makes the desktop's autostart entry match the admin policy, else the user's saved
     * choice (rewriting an enabled entry keeps its launcher path current after an update). An
     * undecided user is left to the first-start window.
     */
    void applyAutostartAtStart() {
        if (autostart == null) {
            return;
        }
        Boolean wanted = policy.autostart() != null ? policy.autostart() : file.read().autostart().orElse(null);
        if (wanted == null) {
            return;
        }
        try {
            write(wanted);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot make autostart {0} ({1}): {2}", wanted ? "on" : "off",
                    autostart.location(), e.getMessage());
        }
    }

    @Override
    public boolean firstStartDone() {
        return file.read().firstStartDone();
    }

    @Override
    public Optional<SettingsProblem> markFirstStartDone() {
        return save(s -> s.withFirstStartDone(true));
    }

    @Override
    public Path logFolder() {
        return logFolder;
    }

    @Override
    public Optional<SettingsProblem> openLogFolder() {
        try {
            opener.open(logFolder);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot open the log folder: {0}", e.getMessage());
            return Optional.of(SettingsProblem.CANNOT_OPEN_FOLDER);
        }
    }

    private Optional<SettingsProblem> save(java.util.function.UnaryOperator<UserSettings> change) {
        try {
            file.update(change);
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the settings: {0}", e.getMessage());
            return Optional.of(SettingsProblem.CANNOT_SAVE);
        }
    }
}
