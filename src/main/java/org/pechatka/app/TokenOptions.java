package org.pechatka.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pechatka.platform.AppDirs;
import picocli.CommandLine.Option;

/** The options every command that touches tokens shares. */
public final class TokenOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Pechatka's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = AppDirs.defaultDataDir();

    @Option(names = "--pkcs11-module", paramLabel = "PATH",
            description = "A PKCS#11 module to load in addition to the ones found automatically (repeatable).")
    List<String> modules = new ArrayList<>();

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "A PKCS#12 key file (.p12/.pfx) to use as a token (repeatable).")
    List<Path> keyFiles = new ArrayList<>();

    @Option(names = "--no-discovery",
            description = "Load only the modules given with --pkcs11-module (no p11-kit, no well-known paths).")
    boolean noDiscovery;

    @Option(names = "--demo",
            description = "Use the demo token (created on first use in the data directory; PIN 123456).")
    boolean demo;

    public Path dataDir() {
        return dataDir;
    }

    public List<String> modules() {
        return modules;
    }

    public List<Path> keyFiles() {
        return keyFiles;
    }

    public boolean noDiscovery() {
        return noDiscovery;
    }

    public boolean demo() {
        return demo;
    }
}
