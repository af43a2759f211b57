package org.pechatka.server.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.io.pem.PemObject;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.platform.Os;

/**
 * Installs, removes and reports the local CA in the current user's trust stores.
 *
 * <ul>
 *   <li>Linux, NSS databases (certutil from libnss3-tools): Chromium/Chrome's {@code ~/.pki/nssdb}
 *       (created with an empty password when no Chromium database exists yet and Chromium is
 *       installed or creation was asked for), {@code ~/.local/share/pki/nssdb},
 *       {@code ~/snap/chromium/current/.pki/nssdb}, and every Firefox profile with a
 *       {@code cert9.db} under {@code ~/.mozilla/firefox}, {@code ~/snap/firefox/common/.mozilla/firefox}
 *       and {@code ~/.var/app/org.mozilla.firefox/.mozilla/firefox}. The CA is added under a
 *       nickname unique to the installation with trust {@code C,,} — a CA for TLS servers only,
 *       never for e-mail or code signing — and removal deletes only that nickname.</li>
 *   <li>Linux, the system store of Debian/Ubuntu ({@code update-ca-certificates}): changed only when
 *       running as root; otherwise the exact {@code sudo} commands are reported.</li>
 *   <li>Windows (the user's Root store, {@code certutil -user}) and macOS (the login keychain,
 *       {@code security}): the commands are in place but have not been run on those systems.</li>
 * </ul>
 */
public final class TrustStores {

    /** The NSS trust flags Pechatka sets and expects: a valid CA for TLS servers, nothing else. */
    public static final String NSS_TRUST = "C,,";
    static final String DEBIAN_ANCHORS = "/usr/local/share/ca-certificates";
    private static final String INSTALL_NSS_TOOLS = "certutil not found: install libnss3-tools"
            + " (Debian/Ubuntu: sudo apt-get install libnss3-tools; Fedora: sudo dnf install nss-tools)";
    private static final Pattern LISTING_LINE = Pattern.compile("^(.*\\S)\\s+([A-Za-z]*,[A-Za-z]*,[A-Za-z]*)\\s*$");
    private static final List<String> CHROMIUM_PROGRAMS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/usr/bin/google-chrome-beta",
            "/opt/google/chrome/chrome", "/usr/bin/microsoft-edge", "/usr/bin/brave-browser", "/usr/bin/vivaldi");

    /** What kind of store. */
    public enum Kind {
        /** An NSS database (Chromium/Chrome or a Firefox profile on Linux). */
        NSS,
        /** The Debian/Ubuntu system store ({@code /usr/local/share/ca-certificates}). */
        DEBIAN_SYSTEM,
        /** The Windows current-user Root store (untested). */
        WINDOWS_USER,
        /** The macOS login keychain (untested). */
        MACOS_LOGIN
    }

    /**
     * One trust store.
     *
     * @param label    what a person calls it: {@code Chromium (~/.pki/nssdb)}, {@code Firefox profile x.default}
     * @param location its directory or file
     */
    public record Store(Kind kind, String label, Path location) {}

    /** Where the CA stands in a store. */
    public enum State {
        /** Present with exactly the expected trust ({@code C,,} in NSS). */
        TRUSTED,
        /** Present with other trust flags. */
        OTHER_TRUST,
        /** Not present. */
        NOT_INSTALLED,
        /** The store has no database yet (installing creates it). */
        NO_DATABASE,
        /** Another certificate holds Pechatka's name in the store; left alone. */
        CONFLICT,
        /** The action needs root; the report says what to run. */
        NEEDS_ROOT,
        /** The program that manages the store is not installed. */
        TOOL_MISSING,
        /** The store's program failed. */
        FAILED
    }

    /** How a report reads: done / wanted state ({@code ✔}), a problem ({@code ✘}), or a note. */
    public enum Mark {
        OK("✔ "),
        PROBLEM("✘ "),
        NOTE("");

        private final String prefix;

        Mark(String prefix) {
            this.prefix = prefix;
        }
    }

    /** The outcome for one store. */
    public record Report(Store store, State state, Mark mark, String message) {
        /** One line for a person: {@code ✔ Chromium (~/.pki/nssdb): trusted for TLS servers (C,,)}. */
        public String line() {
            return mark.prefix + store.label() + ": " + message;
        }
    }

    /**
     * Where and as whom to work.
     *
     * @param os                     decides which stores exist
     * @param home                   the user's home directory (NSS databases, the macOS keychain)
     * @param caPem                  the CA certificate file to install
     * @param nickname               the CA's name in the stores ({@link #nicknameFor})
     * @param root                   whether this process runs as root (the system store may be changed)
     * @param systemAnchors          the Debian anchors directory; null: no system store is handled
     * @param createChromiumDatabase create {@code ~/.pki/nssdb} when no Chromium database exists yet
     */
    public record Settings(Os os, Path home, Path caPem, String nickname, boolean root, Path systemAnchors,
            boolean createChromiumDatabase) {

        public Settings {
            Objects.requireNonNull(os, "os");
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(caPem, "caPem");
            Objects.requireNonNull(nickname, "nickname");
        }

        /**
         * The current user on this computer: {@code user.home}, root detected, the Debian anchors
         * directory when {@code update-ca-certificates} is installed, and Chromium's database
         * created when a Chromium-family browser is installed.
         */
        public static Settings forCurrentUser(Path caPem, X509Certificate ca) {
            Os os = Os.current();
            Path anchors = null;
            if (os == Os.LINUX && Files.isDirectory(Path.of(DEBIAN_ANCHORS))
                    && (Files.isExecutable(Path.of("/usr/sbin/update-ca-certificates"))
                            || Files.isExecutable(Path.of("/usr/bin/update-ca-certificates")))) {
                anchors = Path.of(DEBIAN_ANCHORS);
            }
            return new Settings(os, Path.of(System.getProperty("user.home")), caPem, nicknameFor(ca), isRoot(os),
                    anchors, os == Os.LINUX && chromiumInstalled());
        }

        /** A Linux user with the given home, not root, no system store, no database creation (tests). */
        public static Settings linuxUser(Path home, Path caPem, String nickname) {
            return new Settings(Os.LINUX, home, caPem, nickname, false, null, false);
        }

        public Settings withOs(Os value) {
            return new Settings(value, home, caPem, nickname, root, systemAnchors, createChromiumDatabase);
        }

        public Settings withHome(Path value) {
            return new Settings(os, value, caPem, nickname, root, systemAnchors, createChromiumDatabase);
        }

        public Settings withRoot(boolean value) {
            return new Settings(os, home, caPem, nickname, value, systemAnchors, createChromiumDatabase);
        }

        public Settings withSystemAnchors(Path value) {
            return new Settings(os, home, caPem, nickname, root, value, createChromiumDatabase);
        }

        public Settings withCreateChromiumDatabase(boolean value) {
            return new Settings(os, home, caPem, nickname, root, systemAnchors, value);
        }
    }

    private final Settings settings;
    private final CommandRunner runner;
    private final X509Certificate ca;
    private final byte[] caDer;

    /**
     * @throws IOException when the CA certificate file cannot be read
     */
    public TrustStores(Settings settings, CommandRunner runner) throws IOException {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runner = Objects.requireNonNull(runner, "runner");
        try {
            List<PemObject> blocks = Pem.read(Files.readAllBytes(settings.caPem()));
            if (blocks.size() != 1 || !Pem.CERTIFICATE.equals(blocks.getFirst().getType())) {
                throw new IOException("it does not hold exactly one certificate");
            }
            this.caDer = blocks.getFirst().getContent();
            this.ca = Pem.parseCertificate(caDer);
        } catch (IOException | CertificateException e) {
            throw new IOException("cannot read the CA certificate " + settings.caPem() + ": " + e.getMessage(), e);
        }
    }

    /** {@code Pechatka local CA <first 8 hex digits of the SHA-256 of its SubjectPublicKeyInfo>}. */
    public static String nicknameFor(X509Certificate ca) {
        return "Pechatka local CA " + LocalTls.spkiSha256Hex(ca).substring(0, 8);
    }

    /** The name Pechatka's CA has in the stores. */
    public String nickname() {
        return settings.nickname();
    }

    /** The stores found for this user, in a stable order (NSS databases first, then the system store). */
    public List<Store> stores() {
        List<Store> stores = new ArrayList<>();
        switch (settings.os()) {
            case LINUX, OTHER -> {
                stores.addAll(nssStores());
                if (settings.systemAnchors() != null) {
                    stores.add(new Store(Kind.DEBIAN_SYSTEM, "system store", systemFile()));
                }
            }
            case WINDOWS -> stores.add(new Store(Kind.WINDOWS_USER, "Windows user store (Root)", settings.home()));
            case MACOS -> stores.add(new Store(Kind.MACOS_LOGIN, "macOS login keychain", keychain()));
        }
        return stores;
    }

    /** Where the CA stands in every store. */
    public List<Report> status() {
        return stores().stream().map(this::status).toList();
    }

    /** Adds the CA to every store (or says what to run where root is needed). */
    public List<Report> install() {
        return stores().stream().map(this::install).toList();
    }

    /** Removes Pechatka's CA (its nickname, its file) from every store. */
    public List<Report> remove() {
        return stores().stream().map(this::remove).toList();
    }

    public Report status(Store store) {
        return switch (store.kind()) {
            case NSS -> nssStatus(store);
            case DEBIAN_SYSTEM -> systemStatus(store);
            case WINDOWS_USER -> windowsStatus(store);
            case MACOS_LOGIN -> macStatus(store);
        };
    }

    public Report install(Store store) {
        return switch (store.kind()) {
            case NSS -> nssInstall(store);
            case DEBIAN_SYSTEM -> systemInstall(store);
            case WINDOWS_USER -> windowsInstall(store);
            case MACOS_LOGIN -> macInstall(store);
        };
    }

    public Report remove(Store store) {
        return switch (store.kind()) {
            case NSS -> nssRemove(store);
            case DEBIAN_SYSTEM -> systemRemove(store);
            case WINDOWS_USER -> windowsRemove(store);
            case MACOS_LOGIN -> macRemove(store);
        };
    }

    // ---- NSS ------------------------------------------------------------------------------------

    private List<Store> nssStores() {
        Path home = settings.home();
        List<Store> stores = new ArrayList<>();
        Path pki = home.resolve(".pki/nssdb");
        Path xdg = home.resolve(".local/share/pki/nssdb");
        boolean pkiDb = Files.isDirectory(pki);
        boolean xdgDb = Files.isRegularFile(xdg.resolve("cert9.db"));
        // Chromium uses ~/.pki/nssdb, or ~/.local/share/pki/nssdb when ~/.pki is missing. A new
        // ~/.pki/nssdb is made only when neither exists: over an existing ~/.local one it would hide
        // the user's certificates there from Chromium.
        if (pkiDb || (!xdgDb && settings.createChromiumDatabase())) {
            stores.add(new Store(Kind.NSS, "Chromium (" + display(pki) + ")", pki));
        }
        if (xdgDb) {
            stores.add(new Store(Kind.NSS, "Chromium (" + display(xdg) + ")", xdg));
        }
        Path snapChromium = home.resolve("snap/chromium/current/.pki/nssdb");
        if (Files.isRegularFile(snapChromium.resolve("cert9.db"))) {
            stores.add(new Store(Kind.NSS, "Chromium snap (" + display(snapChromium) + ")", snapChromium));
        }
        firefoxProfiles(home.resolve(".mozilla/firefox"), "", stores);
        firefoxProfiles(home.resolve("snap/firefox/common/.mozilla/firefox"), " (snap)", stores);
        firefoxProfiles(home.resolve(".var/app/org.mozilla.firefox/.mozilla/firefox"), " (flatpak)", stores);
        return stores;
    }

    private static void firefoxProfiles(Path root, String suffix, List<Store> stores) {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> profiles = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (Files.isRegularFile(dir.resolve("cert9.db"))) {
                    profiles.add(dir);
                }
            }
        } catch (IOException e) {
            return;
        }
        profiles.sort(null);
        for (Path p : profiles) {
            stores.add(new Store(Kind.NSS, "Firefox profile " + p.getFileName() + suffix, p));
        }
    }

    /** An entry of {@code certutil -L}: nickname and trust flags. */
    record NssEntry(String nickname, String trust) {}

    /** Pechatka's CA in one database: the entry that holds it, if any, and stale Pechatka entries. */
    private record NssLookup(Optional<NssEntry> ours, boolean conflict, List<String> others) {}

    private Report nssStatus(Store store) {
        if (!Files.isRegularFile(store.location().resolve("cert9.db"))) {
            return new Report(store, State.NO_DATABASE, Mark.PROBLEM,
                    "no NSS database yet (pechatka trust install creates it)");
        }
        try {
            return describe(store, lookup(store.location()), Mark.PROBLEM);
        } catch (CommandRunner.MissingProgramException e) {
            return new Report(store, State.TOOL_MISSING, Mark.PROBLEM, INSTALL_NSS_TOOLS);
        } catch (IOException e) {
            return new Report(store, State.FAILED, Mark.PROBLEM, "cannot read the database: " + e.getMessage());
        }
    }

    private Report describe(Store store, NssLookup found, Mark missingMark) {
        return describe(store, found, missingMark, "not installed");
    }

    private Report describe(Store store, NssLookup found, Mark missingMark, String missingText) {
        String stale = found.others().isEmpty() ? ""
                : "; also listed: " + String.join(", ", found.others().stream().map(n -> "\"" + n + "\"").toList())
                        + " (from an earlier installation; remove with certutil -d " + shellQuote(sql(store.location()))
                        + " -D -n NAME)";
        if (found.conflict()) {
            return new Report(store, State.CONFLICT, Mark.PROBLEM,
                    "another certificate is listed as \"" + nickname() + "\"; left alone" + stale);
        }
        if (found.ours().isEmpty()) {
            return new Report(store, State.NOT_INSTALLED, missingMark, missingText + stale);
        }
        NssEntry e = found.ours().get();
        String as = e.nickname().equals(nickname()) ? "" : " as \"" + e.nickname() + "\"";
        if (NSS_TRUST.equals(e.trust())) {
            return new Report(store, State.TRUSTED, Mark.OK, "trusted for TLS servers (" + NSS_TRUST + ")" + as + stale);
        }
        return new Report(store, State.OTHER_TRUST, Mark.PROBLEM,
                "installed" + as + " with trust \"" + e.trust() + "\", expected \"" + NSS_TRUST + "\"" + stale);
    }

    private Report nssInstall(Store store) {
        Path dir = store.location();
        try {
            if (!Files.isRegularFile(dir.resolve("cert9.db"))) {
                AtomicFiles.ownerOnlyDirectory(dir.getParent());
                AtomicFiles.ownerOnlyDirectory(dir);
                CommandRunner.Result created = certutil(dir, "-N", "--empty-password");
                if (!created.ok()) {
                    return failed(store, "cannot create the NSS database", created);
                }
            }
            NssLookup before = lookup(dir);
            if (before.conflict()) {
                return describe(store, before, Mark.PROBLEM);
            }
            CommandRunner.Result r;
            if (before.ours().isEmpty()) {
                r = certutil(dir, "-A", "-n", nickname(), "-t", NSS_TRUST, "-i", settings.caPem().toString());
            } else if (!NSS_TRUST.equals(before.ours().get().trust())) {
                r = certutil(dir, "-M", "-n", before.ours().get().nickname(), "-t", NSS_TRUST);
            } else {
                return describe(store, before, Mark.PROBLEM);
            }
            if (!r.ok()) {
                return failed(store, "certutil could not add the CA", r);
            }
            Report after = describe(store, lookup(dir), Mark.PROBLEM);
            if (after.state() == State.NOT_INSTALLED) {
                return new Report(store, State.FAILED, Mark.PROBLEM, "certutil reported success but the CA is not"
                        + " listed; add it by hand: " + manualAdd(dir));
            }
            return after;
        } catch (CommandRunner.MissingProgramException e) {
            return new Report(store, State.TOOL_MISSING, Mark.PROBLEM, INSTALL_NSS_TOOLS);
        } catch (IOException e) {
            return new Report(store, State.FAILED, Mark.PROBLEM, e.getMessage() + "; add it by hand: " + manualAdd(dir));
        }
    }

    private Report nssRemove(Store store) {
        Path dir = store.location();
        if (!Files.isRegularFile(dir.resolve("cert9.db"))) {
            return new Report(store, State.NO_DATABASE, Mark.OK, "not installed (no NSS database)");
        }
        try {
            NssLookup found = lookup(dir);
            if (found.conflict()) {
                return describe(store, found, Mark.OK);
            }
            boolean removed = false;
            // one nickname can hold several copies after manual imports: delete until none is left
            for (int i = 0; i < 8 && found.ours().isPresent(); i++) {
                CommandRunner.Result r = certutil(dir, "-D", "-n", found.ours().get().nickname());
                if (!r.ok()) {
                    return failed(store, "certutil could not remove the CA", r);
                }
                removed = true;
                found = lookup(dir);
            }
            if (found.ours().isPresent()) {
                return new Report(store, State.FAILED, Mark.PROBLEM, "the CA is still listed after removal");
            }
            return describe(store, found, Mark.OK, removed ? "removed" : "not installed");
        } catch (CommandRunner.MissingProgramException e) {
            return new Report(store, State.TOOL_MISSING, Mark.PROBLEM, INSTALL_NSS_TOOLS);
        } catch (IOException e) {
            return new Report(store, State.FAILED, Mark.PROBLEM, e.getMessage());
        }
    }

    /**
     * Finds the CA: under its nickname, else under another name that mentions Pechatka (a manual
     * import keeps the name it was first given, and NSS never adds a certificate twice).
     */
    private NssLookup lookup(Path dir) throws IOException {
        CommandRunner.Result listing = certutil(dir, "-L");
        if (!listing.ok()) {
            throw new IOException("certutil -L failed: " + listing.firstLine());
        }
        List<NssEntry> entries = parseListing(listing.output());
        Optional<NssEntry> ours = Optional.empty();
        boolean conflict = false;
        List<String> others = new ArrayList<>();
        for (NssEntry e : entries) {
            boolean named = e.nickname().equals(nickname());
            if (!named && !e.nickname().toLowerCase(Locale.ROOT).contains("pechatka")) {
                continue;
            }
            if (holdsOurCa(dir, e.nickname())) {
                if (ours.isEmpty() || named) {
                    ours = Optional.of(e);
                }
            } else if (named) {
                conflict = true;
            } else {
                others.add(e.nickname());
            }
        }
        return new NssLookup(ours, conflict && ours.isEmpty(), others);
    }

    private boolean holdsOurCa(Path dir, String nickname) throws IOException {
        CommandRunner.Result r = certutil(dir, "-L", "-n", nickname, "-a");
        if (!r.ok()) {
            return false;
        }
        for (PemObject o : Pem.read(r.output().getBytes(StandardCharsets.US_ASCII))) {
            if (Arrays.equals(o.getContent(), caDer)) {
                return true;
            }
        }
        return false;
    }

    /** The entries of a {@code certutil -L} listing (nickname, trust flags such as {@code C,,}). */
    static List<NssEntry> parseListing(String output) {
        List<NssEntry> entries = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("Certificate Nickname") || line.isBlank()) {
                continue;
            }
            Matcher m = LISTING_LINE.matcher(line);
            if (m.matches() && !m.group(1).isBlank()) {
                entries.add(new NssEntry(m.group(1).strip(), m.group(2)));
            }
        }
        return entries;
    }

    private CommandRunner.Result certutil(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("certutil", "-d", sql(dir)));
        cmd.addAll(List.of(args));
        return runner.run(cmd);
    }

    private static String sql(Path dir) {
        return "sql:" + dir;
    }

    private String manualAdd(Path dir) {
        return "certutil -d " + shellQuote(sql(dir)) + " -A -n " + shellQuote(nickname()) + " -t " + NSS_TRUST
                + " -i " + shellQuote(settings.caPem().toString());
    }

    // ---- the Debian system store ----------------------------------------------------------------

    /** {@code pechatka-local-ca-<8 hex>.crt}: one file per installation, so two never replace each other. */
    private Path systemFile() {
        return settings.systemAnchors().resolve("pechatka-local-ca-" + LocalTls.spkiSha256Hex(ca).substring(0, 8)
                + ".crt");
    }

    private String sudoInstall(Store store) {
        return "sudo install -m 644 " + shellQuote(settings.caPem().toString()) + " "
                + shellQuote(store.location().toString()) + " && sudo update-ca-certificates";
    }

    private String sudoRemove(Store store) {
        return "sudo rm " + shellQuote(store.location().toString()) + " && sudo update-ca-certificates";
    }

    private Report systemStatus(Store store) {
        Path file = store.location();
        if (!Files.exists(file)) {
            return new Report(store, State.NOT_INSTALLED, Mark.PROBLEM,
                    "not installed" + (settings.root() ? "" : "; to install: " + sudoInstall(store)));
        }
        if (!sameCertificate(file)) {
            return new Report(store, State.CONFLICT, Mark.PROBLEM, file + " holds another certificate; left alone");
        }
        return new Report(store, State.TRUSTED, Mark.OK, "installed (" + file + ")");
    }

    private Report systemInstall(Store store) {
        Report now = systemStatus(store);
        if (now.state() == State.TRUSTED || now.state() == State.CONFLICT) {
            return now;
        }
        if (!settings.root()) {
            return new Report(store, State.NEEDS_ROOT, Mark.NOTE, "needs root: " + sudoInstall(store));
        }
        try {
            AtomicFiles.replace(store.location(), Files.readAllBytes(settings.caPem()), false);
            Files.setPosixFilePermissions(store.location(), PosixFilePermissions.fromString("rw-r--r--"));
            CommandRunner.Result r = runner.run(List.of("update-ca-certificates"));
            if (!r.ok()) {
                return failed(store, "update-ca-certificates failed", r);
            }
        } catch (CommandRunner.MissingProgramException e) {
            return new Report(store, State.TOOL_MISSING, Mark.PROBLEM, "update-ca-certificates not found"
                    + " (install the ca-certificates package)");
        } catch (IOException e) {
            return new Report(store, State.FAILED, Mark.PROBLEM, e.getMessage());
        }
        return systemStatus(store);
    }

    private Report systemRemove(Store store) {
        Path file = store.location();
        if (!Files.exists(file)) {
            return new Report(store, State.NOT_INSTALLED, Mark.OK, "not installed");
        }
        if (!sameCertificate(file)) {
            return new Report(store, State.CONFLICT, Mark.PROBLEM, file + " holds another certificate; left alone");
        }
        if (!settings.root()) {
            return new Report(store, State.NEEDS_ROOT, Mark.NOTE, "needs root: " + sudoRemove(store));
        }
        try {
            Files.delete(file);
            CommandRunner.Result r = runner.run(List.of("update-ca-certificates"));
            if (!r.ok()) {
                return failed(store, "update-ca-certificates failed", r);
            }
        } catch (IOException e) {
            return new Report(store, State.FAILED, Mark.PROBLEM, e.getMessage());
        }
        return new Report(store, State.NOT_INSTALLED, Mark.OK, "removed " + file);
    }

    private boolean sameCertificate(Path file) {
        try {
            List<PemObject> blocks = Pem.read(Files.readAllBytes(file));
            return blocks.size() == 1 && Arrays.equals(blocks.getFirst().getContent(), caDer);
        } catch (IOException e) {
            return false;
        }
    }

    // ---- Windows (untested: no Windows machine here) --------------------------------------------

    private Report windowsStatus(Store store) {
        return osStore(store, List.of("certutil", "-user", "-store", "Root", sha1Hex()), r -> r.ok()
                && r.output().toLowerCase(Locale.ROOT).replace(" ", "").contains(sha1Hex()), "Windows certutil");
    }

    private Report windowsInstall(Store store) {
        // Windows asks the user to confirm a new root in a dialog of its own
        return osAction(store, List.of("certutil", "-user", "-addstore", "Root", settings.caPem().toString()),
                "Windows certutil");
    }

    private Report windowsRemove(Store store) {
        return osAction(store, List.of("certutil", "-user", "-delstore", "Root", sha1Hex()), "Windows certutil");
    }

    // ---- macOS (untested: no Mac here) ----------------------------------------------------------

    private Path keychain() {
        return settings.home().resolve("Library/Keychains/login.keychain-db");
    }

    private Report macStatus(Store store) {
        String cn = commonName();
        return osStore(store, List.of("security", "find-certificate", "-a", "-Z", "-c", cn, keychain().toString()),
                r -> r.ok() && r.output().toUpperCase(Locale.ROOT).contains(sha1Hex().toUpperCase(Locale.ROOT)),
                "security");
    }

    private Report macInstall(Store store) {
        return osAction(store, List.of("security", "add-trusted-cert", "-r", "trustRoot", "-p", "ssl", "-k",
                keychain().toString(), settings.caPem().toString()), "security");
    }

    private Report macRemove(Store store) {
        try {
            // the trust setting first, then the certificate itself (by its SHA-1 hash: exactly this one)
            runner.run(List.of("security", "remove-trusted-cert", settings.caPem().toString()));
        } catch (IOException e) {
            // reported by the deletion below
        }
        return osAction(store, List.of("security", "delete-certificate", "-Z", sha1Hex().toUpperCase(Locale.ROOT),
                keychain().toString()), "security");
    }

    private Report osStore(Store store, List<String> command, Predicate<CommandRunner.Result> present,
            String tool) {
        try {
            CommandRunner.Result r = runner.run(command);
            return present.test(r) ? new Report(store, State.TRUSTED, Mark.OK, "installed")
                    : new Report(store, State.NOT_INSTALLED, Mark.PROBLEM, "not installed");
        } catch (CommandRunner.MissingProgramException e) {
            return new Report(store, State.TOOL_MISSING, Mark.PROBLEM, tool + " not found");
        } catch (IOException e) {
            return new Report(store, State.FAILED, Mark.PROBLEM, e.getMessage());
        }
    }

    private Report osAction(Store store, List<String> command, String tool) {
        try {
            CommandRunner.Result r = runner.run(command);
            if (!r.ok()) {
                return failed(store, String.join(" ", command) + " failed", r);
            }
            return status(store);
        } catch (CommandRunner.MissingProgramException e) {
            return new Report(store, State.TOOL_MISSING, Mark.PROBLEM, tool + " not found");
        } catch (IOException e) {
            return new Report(store, State.FAILED, Mark.PROBLEM, e.getMessage());
        }
    }

    private String sha1Hex() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(caDer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
    }

    private String commonName() {
        String dn = ca.getSubjectX500Principal().getName();
        Matcher m = Pattern.compile("CN=((?:[^,\\\\]|\\\\.)*)").matcher(dn);
        return m.find() ? m.group(1).replace("\\", "") : dn;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Report failed(Store store, String what, CommandRunner.Result r) {
        return new Report(store, State.FAILED, Mark.PROBLEM, what + ": " + r.firstLine());
    }

    /** {@code ~/…} for paths in the home directory. */
    private String display(Path p) {
        Path home = settings.home();
        return p.startsWith(home) ? "~/" + home.relativize(p).toString().replace('\\', '/') : p.toString();
    }

    /** A word for a POSIX shell: as it is when safe, else in single quotes. */
    static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Whether this process runs as root (Linux: the owner of {@code /proc/self}). */
    static boolean isRoot(Os os) {
        if (os == Os.LINUX) {
            try {
                return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            } catch (IOException | RuntimeException e) {
                // fall back to the name
            }
        }
        return os != Os.WINDOWS && "root".equals(System.getProperty("user.name"));
    }

    /** Whether a Chromium-family browser is installed in one of the usual places. */
    static boolean chromiumInstalled() {
        return CHROMIUM_PROGRAMS.stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
    }
}
