package org.pechatka.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pechatka.platform.Os;

/**
 * The administrator's policy (schema in docs/admin.md): trusted origins, whether users may add
 * their own, the port, the message size limit, PIN caching, autostart, extra PKCS#11 modules, the
 * dialog timeout, the key algorithms requests may use, CA certificates to trust, the log level. Read
 * from the system location (Linux {@code /etc/pechatka/policy.json}; on Windows the registry key
 * {@code HKLM\Software\Policies\Pechatka} when it exists, else the file under
 * {@code %ProgramData%}). A missing policy means the defaults. An invalid one is reported, every
 * problem naming its member and line, and the policy falls back to the <em>safe</em> reading
 * ({@link #refused}): no trusted origins at all, no user or command-line origins, no PIN caching,
 * no extra modules or certificates, so a typo can never open Pechatka to more sites or code than
 * intended.
 *
 * @param trustedOrigins       origins every user trusts
 * @param allowUserOrigins     whether users may trust further sites (settings, --allow-origin)
 * @param port                 the port
 * @param maxMessageBytes      the largest message accepted (at most 16 MiB)
 * @param pinCache             how long a PIN, once entered, keeps the token logged in (zero: the
 *                             PIN is asked for every operation; at most 15 minutes)
 * @param source               where it was read from, or "defaults"
 * @param error                why the policy was refused, or null
 * @param autostart            whether Pechatka starts at login for every user: true or false fixes it
 *                             (the user's choice is then shown but cannot be changed), null leaves it
 *                             to the user
 * @param pkcs11Modules        absolute paths of PKCS#11 modules loaded for every user (after the user's)
 * @param dialogTimeout        how long a request's dialog waits for the person (15 s to 10 min)
 * @param allowedKeyAlgorithms the protocol key names {@code csr.create} may use, or null for all
 * @param trustedCertificates  absolute paths of CA certificate files added to the trust store as the
 *                             administrator's entries
 * @param logLevel             the level of the app's logs
 */
public record AdminPolicy(List<String> trustedOrigins, boolean allowUserOrigins, int port, int maxMessageBytes,
        Duration pinCache, String source, String error, Boolean autostart, List<String> pkcs11Modules,
        Duration dialogTimeout, List<String> allowedKeyAlgorithms, List<Path> trustedCertificates,
        LogLevel logLevel) {

    public static final int DEFAULT_PORT = 27321;
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    public static final Duration DEFAULT_DIALOG_TIMEOUT = Duration.ofSeconds(120);
    /** The source of a policy when none was found. */
    public static final String DEFAULTS = "defaults";

    /** The levels an administrator may choose for the logs. */
    public enum LogLevel {
        ERROR(java.util.logging.Level.SEVERE),
        WARNING(java.util.logging.Level.WARNING),
        INFO(java.util.logging.Level.INFO),
        /** More detail for the help desk; still never PINs, documents or digests (the project's rule). */
        DEBUG(java.util.logging.Level.FINE);

        private final java.util.logging.Level level;

        LogLevel(java.util.logging.Level level) {
            this.level = level;
        }

        /** The JDK logging level it stands for. */
        public java.util.logging.Level julLevel() {
            return level;
        }

        static Optional<LogLevel> of(String name) {
            for (LogLevel l : values()) {
                if (l.name().equals(name)) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }
    }

    public AdminPolicy {
        trustedOrigins = List.copyOf(trustedOrigins);
        pkcs11Modules = List.copyOf(pkcs11Modules);
        allowedKeyAlgorithms = allowedKeyAlgorithms == null ? null : List.copyOf(allowedKeyAlgorithms);
        trustedCertificates = List.copyOf(trustedCertificates);
    }

    /** A policy with the members of the first schema only (the rest at their defaults). */
    public AdminPolicy(List<String> trustedOrigins, boolean allowUserOrigins, int port, int maxMessageBytes,
            Duration pinCache, String source, String error, Boolean autostart) {
        this(trustedOrigins, allowUserOrigins, port, maxMessageBytes, pinCache, source, error, autostart, List.of(),
                DEFAULT_DIALOG_TIMEOUT, null, List.of(), LogLevel.INFO);
    }

    /** A policy that leaves autostart to the user. */
    public AdminPolicy(List<String> trustedOrigins, boolean allowUserOrigins, int port, int maxMessageBytes,
            Duration pinCache, String source, String error) {
        this(trustedOrigins, allowUserOrigins, port, maxMessageBytes, pinCache, source, error, null);
    }

    /** No policy: nothing trusted by policy, users may trust sites, the default port. */
    public static AdminPolicy defaults() {
        return new AdminPolicy(List.of(), true, DEFAULT_PORT, MAX_MESSAGE_BYTES, Duration.ZERO, DEFAULTS, null);
    }

    /** Whether an administrator's policy was found (valid or not). */
    public boolean present() {
        return !DEFAULTS.equals(source);
    }

    /**
     * Whether {@code csr.create} (and the Create-request window) may make a key of this protocol key
     * name ({@code EC-P256}, {@code RSA-3072} …): always, unless the policy lists the allowed ones.
     */
    public boolean allowsKeyAlgorithm(String protocolKeyName) {
        return allowedKeyAlgorithms == null || allowedKeyAlgorithms.contains(protocolKeyName);
    }

    /**
     * Problems that do not refuse the policy but deserve a warning: a listed module file that does
     * not exist (yet) on this computer. Checked when called, not when read.
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (String m : pkcs11Modules) {
            if (!Files.exists(Path.of(m))) {
                out.add("The admin policy's PKCS#11 module " + m + " does not exist on this computer.");
            }
        }
        return out;
    }

    /** This policy with other modules (tests, and the app when it adds what it found). */
    public AdminPolicy withPkcs11Modules(List<String> modules) {
        return new AdminPolicy(trustedOrigins, allowUserOrigins, port, maxMessageBytes, pinCache, source, error,
                autostart, modules, dialogTimeout, allowedKeyAlgorithms, trustedCertificates, logLevel);
    }

    /** The system location of the policy file on this OS. */
    public static Path systemLocation() {
        return switch (Os.current()) {
            case WINDOWS -> Path.of(System.getenv().getOrDefault("ProgramData", "C:\\ProgramData"), "Pechatka",
                    "policy.json");
            case MACOS -> Path.of("/Library/Application Support/Pechatka/policy.json");
            default -> Path.of("/etc/pechatka/policy.json");
        };
    }

    /**
     * The system policy: on Windows the registry key {@link WindowsPolicyRegistry#KEY} when it holds
     * any value (Group Policy wins over a file left by an installer), else the file; elsewhere the file.
     */
    public static AdminPolicy loadSystem() {
        if (Os.current() == Os.WINDOWS) {
            Optional<AdminPolicy> registry = WindowsPolicyRegistry.load();
            if (registry.isPresent()) {
                if (Files.exists(systemLocation())) {
                    System.getLogger(AdminPolicy.class.getName()).log(System.Logger.Level.WARNING,
                            "both the registry policy and " + systemLocation() + " exist; the registry wins");
                }
                return registry.get();
            }
        }
        return load(systemLocation());
    }

    /** The given file, or the system policy when {@code file} is null ({@code --policy FILE}). */
    public static AdminPolicy loadOrSystem(Path file) {
        return file != null ? load(file) : loadSystem();
    }

    /** Reads a policy file; never throws: an invalid file gives the safe policy with the error. */
    public static AdminPolicy load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return defaults();
        } catch (IOException e) {
            return refused(file.toString(), List.of("cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
        return PolicyParser.parse(bytes, file.toString(), null);
    }

    /**
     * The safe reading of a policy that is wrong: no trusted site, no user sites, no PIN caching, no
     * extra modules or certificates, the default dialog timeout and log level; key algorithms are not
     * restricted (no site can ask for a key then, and the person's own requests stay possible).
     */
    static AdminPolicy refused(String source, List<String> why) {
        return new AdminPolicy(List.of(), false, DEFAULT_PORT, MAX_MESSAGE_BYTES, Duration.ZERO, source,
                "The admin policy " + source + " " + String.join("; ", why)
                        + ". Until it is fixed Pechatka trusts no site.", null, List.of(), DEFAULT_DIALOG_TIMEOUT,
                null, List.of(), LogLevel.INFO);
    }
}
