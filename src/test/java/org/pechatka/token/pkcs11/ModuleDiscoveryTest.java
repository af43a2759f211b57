package org.pechatka.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.platform.Os;
import org.pechatka.token.pkcs11.ModuleDiscovery.Candidate;
import org.pechatka.token.pkcs11.ModuleDiscovery.Origin;
import org.pechatka.token.pkcs11.ModuleDiscovery.Settings;

class ModuleDiscoveryTest {

    @TempDir
    Path tmp;

    private Path systemDir;
    private Path userDir;
    private Path conf;
    private Path moduleDir;
    private Path libDir;

    @BeforeEach
    void dirs() throws IOException {
        systemDir = Files.createDirectories(tmp.resolve("share/p11-kit/modules"));
        userDir = Files.createDirectories(tmp.resolve("home/.config/pkcs11/modules"));
        conf = tmp.resolve("etc/pkcs11/pkcs11.conf"); // absent unless a test writes it
        moduleDir = Files.createDirectories(tmp.resolve("usr/lib/pkcs11"));
        libDir = Files.createDirectories(tmp.resolve("usr/lib"));
    }

    private Settings linux() {
        return new Settings(Os.LINUX, List.of(systemDir), userDir, conf, List.of(libDir), List.of(moduleDir));
    }

    private static Path library(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {0x7f, 'E', 'L', 'F'});
    }

    private static void register(Path dir, String name, String... lines) throws IOException {
        Files.writeString(dir.resolve(name + ".module"), String.join("\n", lines) + "\n");
    }

    /** Only what the test itself set up: the real machine's well-known paths are left out. */
    private List<Candidate> discover(Settings settings, List<String> explicit) {
        return new ModuleDiscovery(settings).discover(explicit).stream()
                .filter(c -> c.path().startsWith(tmp.toString()))
                .toList();
    }

    private List<Candidate> p11kit(Settings settings) {
        return discover(settings, List.of()).stream().filter(c -> c.origin() == Origin.P11KIT).toList();
    }

    @Test
    void whenModuleLineIsAbsolute_thenThatPathIsTheCandidate() throws IOException {
        Path lib = library(tmp.resolve("opt/vendor/libvendor.so"));
        register(systemDir, "vendor", "# a comment", "module: " + lib, "critical: no");

        assertThat(p11kit(linux())).containsExactly(new Candidate(lib.toString(), Origin.P11KIT, "vendor", true));
    }

    @Test
    void whenModuleLineIsRelative_thenResolvedAgainstTheModuleDirectories() throws IOException {
        Path second = Files.createDirectories(tmp.resolve("usr/lib64/pkcs11"));
        Path lib = library(second.resolve("opensc-pkcs11.so"));
        register(systemDir, "opensc", "module: opensc-pkcs11.so");
        Settings settings = new Settings(Os.LINUX, List.of(systemDir), userDir, conf, List.of(libDir),
                List.of(moduleDir, second));

        assertThat(p11kit(settings)).containsExactly(
                new Candidate(lib.toString(), Origin.P11KIT, "opensc", true));
    }

    @Test
    void whenRelativeModuleIsMissing_thenReportedUnderTheFirstModuleDirButDroppedByDiscover() throws IOException {
        register(systemDir, "ghost", "module: libghost.so");

        List<Candidate> registered = new ModuleDiscovery(linux()).p11kitModules();

        assertThat(registered).containsExactly(
                new Candidate(moduleDir.resolve("libghost.so").toString(), Origin.P11KIT, "ghost", false));
        assertThat(p11kit(linux())).isEmpty();
    }

    @Test
    void whenTrustPolicyModule_thenSkipped() throws IOException {
        Path trust = library(moduleDir.resolve("p11-kit-trust.so"));
        Path keys = library(moduleDir.resolve("keys.so"));
        register(systemDir, "p11-kit-trust", "module: " + trust, "trust-policy: yes", "priority: 1");
        register(systemDir, "keys", "module: " + keys, "trust-policy: no");

        assertThat(p11kit(linux())).extracting(Candidate::name).containsExactly("keys");
    }

    @Test
    void whenDisabledInPechatka_thenSkipped() throws IOException {
        Path lib = library(moduleDir.resolve("disabled.so"));
        Path other = library(moduleDir.resolve("other.so"));
        register(systemDir, "disabled", "module: " + lib, "disable-in: firefox, pechatka");
        register(systemDir, "other", "module: " + other, "disable-in: firefox thunderbird");

        assertThat(p11kit(linux())).extracting(Candidate::name).containsExactly("other");
    }

    @Test
    void whenEnabledOnlyInOtherPrograms_thenSkipped_andWhenEnabledInPechatkaToo_thenKept() throws IOException {
        Path onlyFirefox = library(moduleDir.resolve("firefox-only.so"));
        Path both = library(moduleDir.resolve("both.so"));
        register(systemDir, "firefox-only", "module: " + onlyFirefox, "enable-in: firefox");
        register(systemDir, "both", "module: " + both, "enable-in: pechatka, firefox");

        assertThat(p11kit(linux())).extracting(Candidate::name).containsExactly("both");
    }

    @Test
    void whenRegistrationHasNoModuleLine_thenSkipped() throws IOException {
        register(systemDir, "empty", "critical: yes", "module:   ");

        assertThat(new ModuleDiscovery(linux()).p11kitModules()).isEmpty();
    }

    @Test
    void whenUserDirRegistersTheSameName_thenItOverridesTheSystemModule() throws IOException {
        Path systemLib = library(moduleDir.resolve("system-opensc.so"));
        Path userLib = library(tmp.resolve("home/lib/user-opensc.so"));
        register(systemDir, "opensc", "module: " + systemLib);
        register(userDir, "opensc", "module: " + userLib);

        assertThat(p11kit(linux())).containsExactly(
                new Candidate(userLib.toString(), Origin.P11KIT, "opensc", true));
    }

    @Test
    void whenAdminConfigSaysUserConfigNone_thenUserModulesIgnored() throws IOException {
        Path systemLib = library(moduleDir.resolve("system.so"));
        Path userLib = library(tmp.resolve("home/lib/user.so"));
        register(systemDir, "system", "module: " + systemLib);
        register(userDir, "user", "module: " + userLib);
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "# admin policy\nuser-config: none\n");

        assertThat(p11kit(linux())).extracting(Candidate::name).containsExactly("system");
    }

    @Test
    void whenAdminConfigSaysUserConfigOnly_thenSystemModulesIgnored() throws IOException {
        Path systemLib = library(moduleDir.resolve("system.so"));
        Path userLib = library(tmp.resolve("home/lib/user.so"));
        register(systemDir, "system", "module: " + systemLib);
        register(userDir, "user", "module: " + userLib);
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "user-config: only\n");

        assertThat(p11kit(linux())).extracting(Candidate::name).containsExactly("user");
    }

    @Test
    void whenNoAdminConfig_thenSystemAndUserModulesMerged() throws IOException {
        Path systemLib = library(moduleDir.resolve("system.so"));
        Path userLib = library(tmp.resolve("home/lib/user.so"));
        register(systemDir, "system", "module: " + systemLib);
        register(userDir, "user", "module: " + userLib);

        assertThat(p11kit(linux())).extracting(Candidate::name).containsExactly("system", "user");
    }

    @Test
    void whenExplicitPathsGiven_thenFirstInOrderAndReportedEvenWhenMissing() throws IOException {
        Path registered = library(moduleDir.resolve("registered.so"));
        register(systemDir, "registered", "module: " + registered);
        Path present = library(tmp.resolve("explicit/present.so"));
        String missing = tmp.resolve("explicit/missing.so").toString();

        List<Candidate> all = discover(linux(), List.of(missing, present.toString()));

        assertThat(all).containsExactly(
                new Candidate(missing, Origin.EXPLICIT, missing, false),
                new Candidate(present.toString(), Origin.EXPLICIT, present.toString(), true),
                new Candidate(registered.toString(), Origin.P11KIT, "registered", true));
    }

    @Test
    void whenP11kitOrKnownCandidateIsMissing_thenDropped() throws IOException {
        register(systemDir, "gone", "module: " + tmp.resolve("nowhere/libgone.so"));
        Path emptyLibDir = Files.createDirectories(tmp.resolve("usr/lib64"));
        Path opensc = library(libDir.resolve("opensc-pkcs11.so"));
        Settings settings = new Settings(Os.LINUX, List.of(systemDir), userDir, conf, List.of(emptyLibDir, libDir),
                List.of(moduleDir));

        List<Candidate> all = discover(settings, List.of());

        assertThat(all).containsExactly(new Candidate(opensc.toString(), Origin.KNOWN, "OpenSC", true));
        assertThat(all).allMatch(Candidate::exists);
    }

    @Test
    void whenTheSameFileIsReachedThroughASymlink_thenListedOnceUnderItsFirstOrigin() throws IOException {
        Path real = library(moduleDir.resolve("real-module.so"));
        Path link = Files.createSymbolicLink(tmp.resolve("link-module.so"), real);
        register(systemDir, "a-real", "module: " + real);
        register(systemDir, "b-link", "module: " + link);

        assertThat(p11kit(linux())).containsExactly(new Candidate(real.toString(), Origin.P11KIT, "a-real", true));

        List<Candidate> withExplicit = discover(linux(), List.of(link.toString()));
        assertThat(withExplicit).containsExactly(
                new Candidate(link.toString(), Origin.EXPLICIT, link.toString(), true));
    }

    @Test
    void whenKnownPathUsesLibdir_thenExpandedForEveryLibraryDirectory() throws IOException {
        Path lib64 = Files.createDirectories(tmp.resolve("usr/lib64"));
        Path multiarch = Files.createDirectories(tmp.resolve("usr/lib/x86_64-linux-gnu"));
        Settings settings = new Settings(Os.LINUX, List.of(systemDir), userDir, conf, List.of(multiarch, lib64),
                List.of(moduleDir));
        Path softhsm = library(lib64.resolve("softhsm/libsofthsm2.so"));
        Path rutoken = library(multiarch.resolve("librtpkcs11ecp.so"));

        List<Candidate> known = new ModuleDiscovery(settings).knownModules();

        assertThat(known).filteredOn(c -> c.name().equals("SoftHSM2") && c.path().startsWith(tmp.toString()))
                .extracting(Candidate::path)
                .containsExactly(multiarch.resolve("softhsm/libsofthsm2.so").toString(), softhsm.toString());
        assertThat(known).noneMatch(c -> c.path().contains("{libdir}"));
        assertThat(discover(settings, List.of())).containsExactly(
                new Candidate(softhsm.toString(), Origin.KNOWN, "SoftHSM2", true),
                new Candidate(rutoken.toString(), Origin.KNOWN, "Rutoken", true));
        assertThat(new ModuleDiscovery(settings).knownModule("Rutoken")).contains(rutoken.toString());
    }

    @Test
    void whenKnownTableRead_thenEveryRowHasThreeColumnsAKnownOsAndAnAbsolutePath() {
        List<String[]> rows = ModuleDiscovery.knownTable();

        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(row -> {
            assertThat(row).hasSize(3);
            assertThat(row[0]).isNotBlank();
            assertThat(row[1]).isIn("linux", "windows", "macos");
            if (row[1].equals("windows")) {
                assertThat(row[2]).matches("[A-Z]:\\\\.+");
            } else {
                assertThat(row[2]).matches("(/|\\{libdir}/).+");
            }
        });
        assertThat(rows).extracting(r -> r[1]).contains("linux", "windows", "macos");
        assertThat(rows).anySatisfy(r -> assertThat(r).containsExactly("SoftHSM2", "linux",
                "{libdir}/softhsm/libsofthsm2.so"));
    }

    @Test
    void whenWindows_thenP11kitDirectoriesNeverRead() throws IOException {
        Path lib = library(moduleDir.resolve("vendor.so"));
        register(systemDir, "vendor", "module: " + lib);
        register(userDir, "user", "module: " + lib);
        Settings windows = new Settings(Os.WINDOWS, List.of(systemDir), userDir, conf, List.of(libDir),
                List.of(moduleDir));

        List<Candidate> all = new ModuleDiscovery(windows).discover(List.of());

        assertThat(all).noneMatch(c -> c.origin() == Origin.P11KIT);
        assertThat(all).noneMatch(c -> c.path().startsWith(tmp.toString()));
        // the same registrations are found on Linux, so the directories themselves are fine
        assertThat(p11kit(linux())).extracting(Candidate::name).containsExactly("vendor");
    }

    @Test
    void whenWindows_thenKnownCandidatesAreWindowsRowsOnly() {
        Settings windows = new Settings(Os.WINDOWS, List.of(), userDir, conf, List.of(libDir), List.of());
        Set<String> windowsPaths = ModuleDiscovery.knownTable().stream().filter(r -> r[1].equals("windows"))
                .map(r -> r[2]).collect(java.util.stream.Collectors.toSet());

        List<Candidate> known = new ModuleDiscovery(windows).knownModules();

        assertThat(known).isNotEmpty();
        assertThat(known).allSatisfy(c -> assertThat(c.path()).isIn(windowsPaths));
    }

    @Test
    void whenConfigHasCommentsAndOddSpacing_thenKeysLowercasedAndValuesStripped() throws IOException {
        Path file = tmp.resolve("x.module");
        Files.writeString(file, "  # comment: ignored\nModule :  /a/b.so  \n\nno colon here\n:novalue\nEnable-In: a b\n");

        assertThat(ModuleDiscovery.parseConfig(file))
                .containsExactly(java.util.Map.entry("module", "/a/b.so"), java.util.Map.entry("enable-in", "a b"));
    }
}
