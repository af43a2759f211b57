package org.pechatka.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs an external program (certutil, update-ca-certificates, security) and collects its output. */
@FunctionalInterface
public interface CommandRunner {

    /**
     * Runs {@code command} with standard input closed (a program that asks for a password gets
     * end-of-file instead of waiting) and returns its exit code and its standard output and error.
     *
     * @throws MissingProgramException when the program is not installed
     * @throws IOException             when it cannot be started, or does not finish in time
     */
    Result run(List<String> command) throws IOException;

    /** Exit code and the interleaved standard output and error, as text. */
    record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The first non-blank line of the output, for a one-line message. */
        public String firstLine() {
            return output.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("exit code " + exitCode);
        }
    }

    /** The program is not on the PATH. */
    final class MissingProgramException extends IOException {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String program;

        public MissingProgramException(String program) {
            super(program + " not found");
            this.program = program;
        }

        public String program() {
            return program;
        }
    }

    /** The real runner, with this process's environment and a one-minute limit per command. */
    static CommandRunner system() {
        return system(Map.of(), Duration.ofMinutes(1));
    }

    /**
     * The real runner with environment variables replaced or added ({@code PATH} also decides where
     * programs are looked for) and a time limit per command.
     */
    static CommandRunner system(Map<String, String> environment, Duration timeout) {
        Map<String, String> env = Map.copyOf(environment);
        return command -> {
            List<String> cmd = new ArrayList<>(command);
            String path = env.containsKey("PATH") ? env.get("PATH") : System.getenv("PATH");
            cmd.set(0, locate(cmd.getFirst(), path == null ? "" : path).toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            // the programs' messages are parsed; keep them in English
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = p.getInputStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            }, Thread::startVirtualThread);
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(command.getFirst() + " did not finish within " + timeout.toSeconds() + " s");
                }
                byte[] bytes = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command.getFirst(), e);
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
                throw new IOException("cannot read the output of " + command.getFirst(), e);
            }
        };
    }

    /** An executable named {@code program} on {@code path} (or the path itself when it names a file). */
    private static Path locate(String program, String path) throws MissingProgramException {
        if (program.contains("/") || program.contains("\\")) {
            Path p = Path.of(program);
            if (Files.isExecutable(p)) {
                return p;
            }
            throw new MissingProgramException(program);
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows");
        List<String> suffixes = windows ? List.of(".exe", ".com", ".bat", ".cmd", "") : List.of("");
        String separator = windows ? ";" : ":";
        Map<String, Boolean> seen = new HashMap<>();
        for (String dir : path.split(separator)) {
            if (dir.isEmpty() || seen.put(dir, true) != null) {
                continue;
            }
            for (String suffix : suffixes) {
                Path candidate = Path.of(dir, program + suffix);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new MissingProgramException(program);
    }
}
