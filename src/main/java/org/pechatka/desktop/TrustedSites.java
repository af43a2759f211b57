package org.pechatka.desktop;

import java.util.List;
import java.util.Optional;

/**
 * The sites that may talk to Pechatka, as Settings shows them: the administrator's (read-only), the
 * command line's (this run only) and the user's own. Changes take effect at once: a removed site's
 * open connections are closed and the certificates given to it are forgotten.
 */
public interface TrustedSites {

    /** Where a trusted site comes from. */
    enum Source {
        /** The admin policy: read-only. */
        ADMIN,
        /** {@code --allow-origin}: for this run only, read-only. */
        COMMAND_LINE,
        /** Added by the user in Settings: removable. */
        USER
    }

    /** One trusted site (a normalised origin). */
    record Site(String origin, Source source) {
        /** Whether the user may remove it in Settings. */
        public boolean removable() {
            return source == Source.USER;
        }
    }

    /** Every trusted site, the administrator's first. */
    List<Site> list();

    /** Whether the administrator lets the user add sites. */
    boolean userMayAdd();

    /** Adds a site the user typed and confirmed ({@link SiteInput#parse} first). */
    Optional<SettingsProblem> add(String origin);

    /** Removes one of the user's sites. */
    Optional<SettingsProblem> remove(String origin);
}
