package org.pechatka.desktop;

import java.util.Objects;

/**
 * The windows the tray menu and the status window open, given by the app wiring (the windows
 * themselves are built elsewhere). Each runs on the JavaFX thread; none may block it.
 *
 * @param certificates opens the certificates window
 * @param settings     opens Settings
 * @param trustedSites opens Settings at its trusted-sites section
 * @param quit         stops the endpoint, closes the tokens and exits
 */
public record MenuActions(Runnable certificates, Runnable settings, Runnable trustedSites, Runnable quit) {

    public MenuActions {
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(trustedSites, "trustedSites");
        Objects.requireNonNull(quit, "quit");
    }
}
