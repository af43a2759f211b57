package org.pechatka.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autostart entries: the XDG desktop file in a temporary {@code XDG_CONFIG_HOME} (passed in, the
 * environment is not touched), never overwriting a file that is not Pechatka's; the macOS plist as
 * a file; the Windows {@code reg.exe} commands as they would run.
 */
class AutostartTest {

    private static final List<String> LAUNCHER = List.of("/opt/pechatka/bin/Pechatka");

    @TempDir
    Path config;

    @Test
    void whenEnabledThenDisabled_thenTheDesktopFileIsCreatedWithTheLauncherAndRemoved() throws Exception {
        XdgAutostart a = new XdgAutostart(config, LAUNCHER);
        Path file = config.resolve("autostart/pechatka.desktop");
        assertThat(a.file()).isEqualTo(file);
        assertThat(a.state()).isEqualTo(Autostart.State.DISABLED);

        a.enable();
        assertThat(a.state()).isEqualTo(Autostart.State.ENABLED);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).startsWith("[Desktop Entry]").contains("Type=Application", "Name=Pechatka",
                "Exec=/opt/pechatka/bin/Pechatka", XdgAutostart.MARKER);
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactly("pechatka.desktop");
        }

        a.enable(); // again: rewrites its own file
        assertThat(a.state()).isEqualTo(Autostart.State.ENABLED);

        a.disable();
        assertThat(file).doesNotExist();
        assertThat(a.state()).isEqualTo(Autostart.State.DISABLED);
        a.disable(); // nothing to do
    }

    @Test
    void whenASystemWideEntryStartsPechatka_thenSwitchingOffWritesAHiddenUserEntryThatOverridesIt(
            @TempDir Path etcXdg) throws Exception {
        Path system = Files.createDirectories(etcXdg.resolve("autostart")).resolve("pechatka.desktop");
        Files.writeString(system, "[Desktop Entry]\nType=Application\nName=Pechatka\nExec=/usr/bin/pechatka\n"
                + XdgAutostart.MARKER + "\n", StandardCharsets.UTF_8);
        XdgAutostart a = new XdgAutostart(config, List.of(etcXdg), LAUNCHER);
        Path file = config.resolve("autostart/pechatka.desktop");
        assertThat(a.state()).as("the system entry starts it").isEqualTo(Autostart.State.ENABLED);

        a.disable();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).contains("Hidden=true", XdgAutostart.MARKER);
        assertThat(a.state()).isEqualTo(Autostart.State.DISABLED);
        assertThat(system).as("the system entry is the package's, left alone").exists();

        a.enable();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).doesNotContain("Hidden=true")
                .contains("Exec=/opt/pechatka/bin/Pechatka");
        assertThat(a.state()).isEqualTo(Autostart.State.ENABLED);

        Files.delete(system); // the package removed
        a.disable();
        assertThat(file).as("no system entry to override: the user's file goes").doesNotExist();
        assertThat(a.state()).isEqualTo(Autostart.State.DISABLED);
    }

    @Test
    void whenTheSystemWideEntryIsNotPechatkas_thenItDoesNotCountAndDisablingDeletes(@TempDir Path etcXdg)
            throws Exception {
        Path system = Files.createDirectories(etcXdg.resolve("autostart")).resolve("pechatka.desktop");
        Files.writeString(system, "[Desktop Entry]\nType=Application\nName=Other\nExec=/usr/bin/other\n",
                StandardCharsets.UTF_8);
        XdgAutostart a = new XdgAutostart(config, List.of(etcXdg), LAUNCHER);
        assertThat(a.state()).isEqualTo(Autostart.State.DISABLED);
        a.enable();
        a.disable();
        assertThat(config.resolve("autostart/pechatka.desktop")).doesNotExist();
    }

    @Test
    void whenAFileOfTheSameNameIsNotOurs_thenItIsNeitherOverwrittenNorDeleted() throws Exception {
        Path file = Files.createDirectories(config.resolve("autostart")).resolve("pechatka.desktop");
        String theirs = "[Desktop Entry]\nType=Application\nName=Pechatka (my own)\nExec=/home/me/bin/pechatka --x\n";
        Files.writeString(file, theirs, StandardCharsets.UTF_8);
        XdgAutostart a = new XdgAutostart(config, LAUNCHER);

        assertThat(a.state()).isEqualTo(Autostart.State.FOREIGN);
        assertThatThrownBy(a::enable).isInstanceOf(Autostart.NotOursException.class).hasMessageContaining(file.toString());
        a.disable();
        assertThat(Files.readString(file)).isEqualTo(theirs);
    }

    @Test
    void whenTheDesktopSwitchedOurEntryOff_thenItCountsAsDisabledAndEnableSwitchesItOn() throws Exception {
        XdgAutostart a = new XdgAutostart(config, LAUNCHER);
        a.enable();
        Files.writeString(a.file(), Files.readString(a.file()) + "Hidden=true\n");
        assertThat(a.state()).isEqualTo(Autostart.State.DISABLED);
        a.enable();
        assertThat(a.state()).isEqualTo(Autostart.State.ENABLED);
    }

    @Test
    void whenTheCommandHasSpacesAndSpecialCharacters_thenExecQuotesThemAsTheSpecificationSays() {
        assertThat(XdgAutostart.exec(List.of("/usr/bin/java", "-jar", "/home/me/My Apps/pechatka.jar")))
                .isEqualTo("/usr/bin/java -jar \"/home/me/My Apps/pechatka.jar\"");
        assertThat(XdgAutostart.exec(List.of("/opt/a$b/x\"y", "100%")))
                .isEqualTo("\"/opt/a\\\\$b/x\\\\\"y\" 100%%");
        assertThatThrownBy(() -> XdgAutostart.exec(List.of("a\nb"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenMacAutostartIsEnabled_thenALaunchAgentWithRunAtLoadIsWrittenAndOnlyOursIsRemoved() throws Exception {
        MacAutostart mac = new MacAutostart(config, List.of("/Applications/Pechatka.app/Contents/MacOS/Pechatka"));
        mac.enable();
        String plist = Files.readString(mac.file());
        assertThat(mac.file()).isEqualTo(config.resolve("Library/LaunchAgents/org.pechatka.Pechatka.plist"));
        assertThat(plist).contains("<key>RunAtLoad</key>").contains("<true/>")
                .contains("<string>/Applications/Pechatka.app/Contents/MacOS/Pechatka</string>")
                .contains(MacAutostart.MARKER);
        assertThat(mac.state()).isEqualTo(Autostart.State.ENABLED);
        mac.disable();
        assertThat(mac.file()).doesNotExist();

        Files.writeString(mac.file(), "<plist>someone else's</plist>");
        assertThat(mac.state()).isEqualTo(Autostart.State.FOREIGN);
        assertThatThrownBy(mac::enable).isInstanceOf(Autostart.NotOursException.class);
        mac.disable();
        assertThat(Files.readString(mac.file())).isEqualTo("<plist>someone else's</plist>");
    }

    @Test
    void whenWindowsAutostartIsEnabled_thenRegAddsTheRunValueAndAForeignValueIsLeftAlone() throws Exception {
        List<List<String>> ran = new ArrayList<>();
        String[] query = {null}; // what reg query answers: null = no such value
        WindowsAutostart win = new WindowsAutostart(List.of("C:\\Program Files\\Pechatka\\Pechatka.exe"), cmd -> {
            ran.add(cmd);
            if (cmd.get(1).equals("query")) {
                return query[0] == null ? new WindowsAutostart.Result(1, "ERROR: not found")
                        : new WindowsAutostart.Result(0, "    Pechatka    REG_SZ    " + query[0]);
            }
            return new WindowsAutostart.Result(0, "The operation completed successfully.");
        });
        assertThat(win.state()).isEqualTo(Autostart.State.DISABLED);
        win.enable();
        assertThat(ran.get(ran.size() - 1)).containsExactly("reg.exe", "add",
                "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run", "/v", "Pechatka", "/t", "REG_SZ", "/d",
                "\"C:\\Program Files\\Pechatka\\Pechatka.exe\"", "/f");

        query[0] = "\"C:\\Program Files\\Pechatka\\Pechatka.exe\"";
        assertThat(win.state()).isEqualTo(Autostart.State.ENABLED);
        win.disable();
        assertThat(ran.get(ran.size() - 1)).containsExactly("reg.exe", "delete",
                "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run", "/v", "Pechatka", "/f");

        query[0] = "C:\\Tools\\other.exe";
        int before = ran.size();
        assertThat(win.state()).isEqualTo(Autostart.State.FOREIGN);
        assertThatThrownBy(win::enable).isInstanceOf(Autostart.NotOursException.class);
        win.disable();
        assertThat(ran.subList(before, ran.size())).allMatch(c -> c.get(1).equals("query"));
    }

    @Test
    void whenRunFromAJpackageLauncher_thenThatLauncherIsTheCommand() {
        assertThat(Launcher.isLauncher(Path.of("/opt/pechatka/bin/Pechatka"))).isTrue();
        assertThat(Launcher.isLauncher(Path.of("Pechatka.exe"))).isTrue();
        assertThat(Launcher.isLauncher(Path.of("/usr/lib/jvm/temurin-25/bin/java"))).isFalse();
        // the tests run from classes, not a jar or a launcher: autostart has nothing to start
        assertThat(Launcher.detect(AutostartTest.class)).isEmpty();
    }
}
