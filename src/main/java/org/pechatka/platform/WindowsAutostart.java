package org.pechatka.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Autostart on Windows: the value {@code Pechatka} under
 * {@code HKCU\Software\Microsoft\Windows\CurrentVersion\Run}, set and removed with {@code reg.exe}.
 * A value of that name whose command does not start a program called Pechatka is someone else's and
 * is left alone. <strong>Not verified on Windows</strong>: the {@code reg.exe} commands follow
 * Microsoft's documentation, and the tests here check only the commands that would run.
 */
public final class WindowsAutostart implements Autostart {

    static final String KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    static final String VALUE = "Pechatka";

    /** Runs a program and returns its exit code and output. */
    @FunctionalInterface
    public interface Runner {
        Result run(List<String> command) throws IOException;
    }

    /** A finished program. */
    public record Result(int exitCode, String output) {}

    private final List<String> command;
    private final Runner runner;

    public WindowsAutostart(List<String> command, Runner runner) {
        this.command = List.copyOf(command);
        this.runner = runner;
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("no command to start Pechatka");
        }
    }

    @Override
    public String location() {
        return KEY + "\\" + VALUE;
    }

    @Override
    public State state() {
        Result r;
        try {
            r = runner.run(List.of("reg.exe", "query", KEY, "/v", VALUE));
        } catch (IOException e) {
            return State.DISABLED;
        }
        if (r.exitCode() != 0) {
            return State.DISABLED; // no such value
        }
        // ours: the value starts Pechatka (this command, or a Pechatka.exe of an earlier installation)
        boolean ours = r.output().contains(commandLine()) || r.output().toLowerCase(Locale.ROOT).contains("pechatka.exe");
        return ours ? State.ENABLED : State.FOREIGN;
    }

    @Override
    public void enable() throws IOException {
        if (state() == State.FOREIGN) {
            throw new NotOursException(location());
        }
        check(runner.run(List.of("reg.exe", "add", KEY, "/v", VALUE, "/t", "REG_SZ", "/d", commandLine(), "/f")),
                "reg add");
    }

    @Override
    public void disable() throws IOException {
        if (state() == State.ENABLED) {
            check(runner.run(List.of("reg.exe", "delete", KEY, "/v", VALUE, "/f")), "reg delete");
        }
    }

    /** The command as one Windows command line, each argument in double quotes. */
    String commandLine() {
        List<String> quoted = new ArrayList<>();
        for (String a : command) {
            quoted.add("\"" + a.replace("\"", "\\\"") + "\"");
        }
        return String.join(" ", quoted);
    }

    private static void check(Result r, String what) throws IOException {
        if (r.exitCode() != 0) {
            throw new IOException(what + " failed (exit " + r.exitCode() + "): " + r.output().strip());
        }
    }

    /** The real {@code reg.exe}. */
    static Result runReg(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("reg.exe did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
