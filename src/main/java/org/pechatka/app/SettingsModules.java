package org.pechatka.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pechatka.config.UserSettings;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.desktop.TokenModules;
import org.pechatka.platform.NativeLibraries;
import org.pechatka.token.pkcs11.ModuleDiscovery;

/**
 * Token modules for Settings: what discovery finds, the command line's, and the user's own list in
 * the settings file. A module added by path must load and export {@code C_GetFunctionList}; it is
 * used from the next start (modules are loaded once, at start).
 */
final class SettingsModules implements TokenModules {

    private static final System.Logger LOG = System.getLogger(SettingsModules.class.getName());
    static final String PKCS11_ENTRY = "C_GetFunctionList";

    private final SettingsFile file;
    private final ModuleDiscovery discovery;
    private final List<String> commandLine;
    private final List<String> policy;

    SettingsModules(SettingsFile file, ModuleDiscovery discovery, List<String> commandLine) {
        this(file, discovery, commandLine, List.of());
    }

    /** With the admin policy's modules, listed as the administrator's (they load after the user's). */
    SettingsModules(SettingsFile file, ModuleDiscovery discovery, List<String> commandLine, List<String> policy) {
        this.file = file;
        this.discovery = discovery;
        this.commandLine = List.copyOf(commandLine);
        this.policy = List.copyOf(policy);
    }

    @Override
    public List<Module> list() {
        List<String> user = file.read().pkcs11Modules();
        List<String> explicit = new ArrayList<>(user);
        commandLine.stream().filter(p -> !explicit.contains(p)).forEach(explicit::add);
        policy.stream().filter(p -> !explicit.contains(p)).forEach(explicit::add);
        List<Module> out = new ArrayList<>();
        for (ModuleDiscovery.Candidate c : discovery.discover(explicit)) {
            Source source = switch (c.origin()) {
                case EXPLICIT -> policy.contains(c.path()) ? Source.SET_BY_ADMIN
                        : user.contains(c.path()) ? Source.ADDED_BY_USER : Source.COMMAND_LINE;
                case P11KIT, KNOWN -> Source.FOUND_AUTOMATICALLY;
            };
            String name = c.origin() == ModuleDiscovery.Origin.EXPLICIT ? fileName(c.path()) : c.name();
            out.add(new Module(c.path(), name, source, c.exists()));
        }
        return out;
    }

    private static String fileName(String path) {
        try {
            Path f = Path.of(path).getFileName();
            return f == null ? path : f.toString();
        } catch (InvalidPathException e) {
            return path;
        }
    }

    @Override
    public synchronized Optional<SettingsProblem> add(String typed) {
        String t = typed == null ? "" : typed.strip();
        if (t.isEmpty()) {
            return Optional.of(SettingsProblem.EMPTY);
        }
        Path path;
        try {
            path = Path.of(t).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return Optional.of(SettingsProblem.FILE_NOT_FOUND);
        }
        if (alreadyListed(path)) {
            return Optional.of(SettingsProblem.ALREADY_LISTED);
        }
        Optional<SettingsProblem> problem = switch (NativeLibraries.lookUp(path, PKCS11_ENTRY)) {
            case EXPORTS -> Optional.empty();
            case NO_SUCH_FUNCTION -> Optional.of(SettingsProblem.NOT_PKCS11_MODULE);
            case NOT_FOUND -> Optional.of(SettingsProblem.FILE_NOT_FOUND);
            case NOT_LOADABLE -> Optional.of(SettingsProblem.NOT_A_LIBRARY);
        };
        if (problem.isPresent()) {
            return problem;
        }
        try {
            file.update(s -> s.withModule(path.toString()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the module: {0}", e.getMessage());
            return Optional.of(SettingsProblem.CANNOT_SAVE);
        }
        LOG.log(System.Logger.Level.INFO, "PKCS#11 module added by the user: {0} (used from the next start)", path);
        return Optional.empty();
    }

    private boolean alreadyListed(Path path) {
        for (Module m : list()) {
            try {
                if (m.path().equals(path.toString())
                        || m.present() && Files.exists(path) && Files.isSameFile(Path.of(m.path()), path)) {
                    return true;
                }
            } catch (IOException | InvalidPathException e) {
                // not comparable: not the same
            }
        }
        return false;
    }

    @Override
    public synchronized Optional<SettingsProblem> remove(String path) {
        if (policy.contains(path)) {
            return Optional.of(SettingsProblem.SET_BY_ADMIN);
        }
        UserSettings now = file.read();
        if (!now.pkcs11Modules().contains(path)) {
            return Optional.of(commandLine.contains(path) ? SettingsProblem.SET_FOR_THIS_RUN
                    : SettingsProblem.NOT_LISTED);
        }
        try {
            file.update(s -> s.withoutModule(path));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the modules: {0}", e.getMessage());
            return Optional.of(SettingsProblem.CANNOT_SAVE);
        }
        return Optional.empty();
    }
}
