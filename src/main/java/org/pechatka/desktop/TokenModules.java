package org.pechatka.desktop;

import java.util.List;
import java.util.Optional;

/**
 * The PKCS#11 modules (token drivers) Pechatka loads: those found automatically, those given on the
 * command line, and those the user added by path. Modules are loaded when Pechatka starts, so a
 * change here takes effect at the next start ({@link #changesNeedRestart()}).
 */
public interface TokenModules {

    /** Where a module comes from. */
    enum Source {
        /** Found automatically (p11-kit registration or a well-known vendor path). */
        FOUND_AUTOMATICALLY,
        /** {@code --pkcs11-module}: for this run only. */
        COMMAND_LINE,
        /** Added by the user in Settings: removable. */
        ADDED_BY_USER,
        /** The admin policy's {@code pkcs11Modules}: loaded for every user, not removable here. */
        SET_BY_ADMIN
    }

    /**
     * One module.
     *
     * @param path    the library file
     * @param name    the vendor or p11-kit name (for a user's module, the file name)
     * @param source  where it comes from
     * @param present whether the file exists now
     */
    record Module(String path, String name, Source source, boolean present) {
        public boolean removable() {
            return source == Source.ADDED_BY_USER;
        }
    }

    List<Module> list();

    /** Checks that the file is a loadable PKCS#11 module, then adds it to the user's list. */
    Optional<SettingsProblem> add(String path);

    /** Removes a module the user added. */
    Optional<SettingsProblem> remove(String path);

    /** Whether changes take effect only when Pechatka starts again. */
    default boolean changesNeedRestart() {
        return true;
    }
}
