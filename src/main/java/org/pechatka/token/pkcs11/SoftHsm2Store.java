package org.pechatka.token.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.platform.NativeEnvironment;

/**
 * A private SoftHSM2 token store: its own {@code softhsm2.conf} naming its own token directory, so
 * it needs no access to the system store. SoftHSM2 reads {@code SOFTHSM2_CONF} at
 * {@code C_Initialize}; {@link #activate} sets it for this process before the module is loaded.
 */
public final class SoftHsm2Store {

    private SoftHsm2Store() {}

    /** The configuration text for a store whose tokens live in {@code tokenDir}. */
    public static String configuration(Path tokenDir, String comment) {
        return (comment == null ? "" : "# " + comment + "\n")
                + "directories.tokendir = " + tokenDir.toAbsolutePath() + "\n"
                + "objectstore.backend = file\n"
                + "log.level = ERROR\n"
                + "slots.removable = false\n";
    }

    /** Writes (or replaces) {@code conf} for a store in {@code tokenDir}, owner-only. */
    public static void writeConfiguration(Path conf, Path tokenDir, String comment) throws IOException {
        AtomicFiles.replace(conf, configuration(tokenDir, comment).getBytes(StandardCharsets.UTF_8), true);
    }

    /** Points SoftHSM2 in this process at {@code conf}; takes effect at the next {@code C_Initialize}. */
    public static void activate(Path conf) {
        NativeEnvironment.set("SOFTHSM2_CONF", conf.toAbsolutePath().toString());
    }
}
