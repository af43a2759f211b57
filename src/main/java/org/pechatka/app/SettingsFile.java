package org.pechatka.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.pechatka.config.UserSettings;

/**
 * The user's settings file as the running app changes it: every change reads the file afresh
 * (an edit made by hand meanwhile is kept), applies one change and saves atomically. Changes are
 * serialised, so two windows saving at once never lose one another's change.
 */
final class SettingsFile {

    private static final System.Logger LOG = System.getLogger(SettingsFile.class.getName());

    private final Path configDir;

    SettingsFile(Path configDir) {
        this.configDir = configDir;
    }

    /** The settings as they are on disk now. */
    synchronized UserSettings read() {
        return UserSettings.load(configDir);
    }

    /** Applies {@code change} to the settings on disk and saves; returns what was saved. */
    synchronized UserSettings update(UnaryOperator<UserSettings> change) throws IOException {
        UserSettings now = UserSettings.load(configDir);
        if (now.damaged()) {
            LOG.log(System.Logger.Level.WARNING, "{0}; it is kept aside and a new settings file is written",
                    now.problem());
        }
        return change.apply(now).save(configDir);
    }

    Path configDir() {
        return configDir;
    }
}
