package org.pechatka.ui.about;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What About shows: the version, the folders Pechatka uses and the project's address.
 *
 * @param version   the application version ({@code app.Version.current()})
 * @param website   the project's address
 * @param dataDir   the data folder (tokens, local CA)
 * @param configDir the settings folder
 * @param logDir    the log folder, or null when messages go to standard error only
 */
public record AboutViewModel(String version, String website, Path dataDir, Path configDir, Path logDir) {

    public AboutViewModel {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(website, "website");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(configDir, "configDir");
    }

    /** The line "Copy version" puts on the clipboard: what a support request needs. */
    public String versionLine() {
        return "Pechatka " + version + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ")";
    }
}
