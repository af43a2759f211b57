package org.pechatka.token.pkcs11;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.pechatka.platform.Os;

/**
 * Finds PKCS#11 modules with no configuration: the modules registered with p11-kit (Linux), a table
 * of well-known vendor paths ({@code known-modules.tsv}), plus explicit paths (command line, admin
 * policy). Each real file is listed once, under the first origin that named it.
 */
public final class ModuleDiscovery {

    /** Where a candidate came from. */
    public enum Origin {
        /** {@code --pkcs11-module} or admin policy. */
        EXPLICIT,
        /** A p11-kit module registration. */
        P11KIT,
        /** The table of well-known vendor paths. */
        KNOWN
    }

    /**
     * A module to try.
     *
     * @param path   the module path
     * @param origin where it came from
     * @param name   the vendor or p11-kit module name, or the path for explicit ones
     * @param exists whether the file exists
     */
    public record Candidate(String path, Origin origin, String name, boolean exists) {}

    /** The settings discovery reads; tests point them at their own directories. */
    public record Settings(Os os, List<Path> p11kitSystemDirs, Path p11kitUserDir, Path p11kitConf,
            List<Path> libraryDirs, List<Path> p11kitModuleDirs) {

        /** The real locations on this machine. */
        public static Settings system() {
            Os os = Os.current();
            String home = System.getProperty("user.home", "");
            String xdg = System.getenv("XDG_CONFIG_HOME");
            Path userConfig = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".config");
            List<Path> libDirs = new ArrayList<>();
            for (String triplet : multiarchTriplets()) {
                libDirs.add(Path.of("/usr/lib", triplet));
            }
            libDirs.addAll(List.of(Path.of("/usr/lib64"), Path.of("/usr/lib"), Path.of("/usr/local/lib")));
            List<Path> moduleDirs = libDirs.stream().map(d -> d.resolve("pkcs11")).toList();
            return new Settings(os,
                    List.of(Path.of("/usr/share/p11-kit/modules"), Path.of("/etc/pkcs11/modules")),
                    userConfig.resolve("pkcs11/modules"), Path.of("/etc/pkcs11/pkcs11.conf"), libDirs, moduleDirs);
        }

        private static List<String> multiarchTriplets() {
            String arch = System.getProperty("os.arch", "");
            return switch (arch) {
                case "amd64", "x86_64" -> List.of("x86_64-linux-gnu");
                case "aarch64", "arm64" -> List.of("aarch64-linux-gnu");
                case "x86", "i386", "i686" -> List.of("i386-linux-gnu");
                case "arm" -> List.of("arm-linux-gnueabihf");
                default -> List.of();
            };
        }
    }

    private final Settings settings;

    public ModuleDiscovery(Settings settings) {
        this.settings = settings;
    }

    /** Every candidate in order: explicit first, then p11-kit, then the known table; one per file. */
    public List<Candidate> discover(List<String> explicitPaths) {
        Map<String, Candidate> byRealPath = new LinkedHashMap<>();
        for (String p : explicitPaths) {
            add(byRealPath, new Candidate(p, Origin.EXPLICIT, p, Files.isRegularFile(Path.of(p))));
        }
        if (settings.os() == Os.LINUX) {
            p11kitModules().forEach(c -> add(byRealPath, c));
        }
        knownModules().forEach(c -> add(byRealPath, c));
        return List.copyOf(byRealPath.values());
    }

    private static void add(Map<String, Candidate> byRealPath, Candidate c) {
        if (c.origin() != Origin.EXPLICIT && !c.exists()) {
            return; // not installed: nothing to report
        }
        String key;
        try {
            key = c.exists() ? Path.of(c.path()).toRealPath().toString() : c.path();
        } catch (IOException e) {
            key = c.path();
        }
        byRealPath.putIfAbsent(key, c);
    }

    /** The p11-kit registrations (system, then the user's unless the admin forbids it). */
    List<Candidate> p11kitModules() {
        String userConfig = p11kitUserConfigMode();
        Map<String, Map<String, String>> modules = new LinkedHashMap<>();
        if (!"only".equals(userConfig)) {
            for (Path dir : settings.p11kitSystemDirs()) {
                readModuleDir(dir, modules);
            }
        }
        if (!"none".equals(userConfig)) {
            readModuleDir(settings.p11kitUserDir(), modules);
        }
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> m : modules.entrySet()) {
            Map<String, String> conf = m.getValue();
            String module = conf.get("module");
            if (module == null || module.isBlank()) {
                continue;
            }
            if (yes(conf.get("trust-policy"))) {
                continue; // a trust module (CA anchors), no keys
            }
            if (listContains(conf.get("disable-in"), "pechatka")
                    || (conf.containsKey("enable-in") && !listContains(conf.get("enable-in"), "pechatka"))) {
                continue;
            }
            Path path = resolveModulePath(module);
            out.add(new Candidate(path.toString(), Origin.P11KIT, m.getKey(), Files.isRegularFile(path)));
        }
        return out;
    }

    private String p11kitUserConfigMode() {
        Path conf = settings.p11kitConf();
        if (conf == null || !Files.isReadable(conf)) {
            return "merge";
        }
        return parseConfig(conf).getOrDefault("user-config", "merge").toLowerCase(Locale.ROOT);
    }

    private void readModuleDir(Path dir, Map<String, Map<String, String>> modules) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".module"))
                    .sorted()
                    .forEach(f -> {
                        String name = f.getFileName().toString();
                        // a later directory (the user's) replaces a registration of the same name
                        modules.put(name.substring(0, name.length() - ".module".length()), parseConfig(f));
                    });
        } catch (IOException e) {
            // an unreadable directory contributes nothing
        }
    }

    /** p11-kit config syntax: {@code key: value} lines, {@code #} comments. */
    static Map<String, String> parseConfig(Path file) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int colon = l.indexOf(':');
                if (colon > 0) {
                    map.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // unreadable: empty
        }
        return map;
    }

    private Path resolveModulePath(String module) {
        Path p = Path.of(module);
        if (p.isAbsolute()) {
            return p;
        }
        for (Path dir : settings.p11kitModuleDirs()) {
            Path candidate = dir.resolve(module);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return settings.p11kitModuleDirs().isEmpty() ? p : settings.p11kitModuleDirs().get(0).resolve(module);
    }

    private static boolean yes(String v) {
        return v != null && (v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true"));
    }

    private static boolean listContains(String list, String program) {
        return list != null && Arrays.stream(list.split("[,\\s]+")).anyMatch(program::equalsIgnoreCase);
    }

    /** The table of well-known vendor paths for this OS, {@code {libdir}} expanded. */
    List<Candidate> knownModules() {
        List<Candidate> out = new ArrayList<>();
        for (String[] row : knownTable()) {
            if (!row[1].equals(settings.os().key())) {
                continue;
            }
            for (String path : expand(row[2])) {
                out.add(new Candidate(path, Origin.KNOWN, row[0], Files.isRegularFile(Path.of(path))));
            }
        }
        return out;
    }

    private List<String> expand(String path) {
        if (!path.contains("{libdir}")) {
            return List.of(path);
        }
        return settings.libraryDirs().stream().map(d -> path.replace("{libdir}", d.toString())).toList();
    }

    /** The rows of {@code known-modules.tsv}: vendor, OS, path. */
    static List<String[]> knownTable() {
        try (InputStream in = ModuleDiscovery.class.getResourceAsStream("known-modules.tsv")) {
            if (in == null) {
                throw new IllegalStateException("known-modules.tsv missing from the application");
            }
            List<String[]> rows = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 3) {
                    throw new IllegalStateException("known-modules.tsv: bad line: " + line);
                }
                rows.add(cols);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first existing well-known path of a vendor, e.g. "SoftHSM2". */
    public Optional<String> knownModule(String vendor) {
        return knownModules().stream().filter(c -> c.name().equals(vendor) && c.exists()).map(Candidate::path)
                .findFirst();
    }
}
