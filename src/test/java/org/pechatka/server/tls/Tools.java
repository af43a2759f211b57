package org.pechatka.server.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real command-line tools the tests check against (openssl, certutil); a missing tool fails. */
final class Tools {

    private Tools() {}

    record Run(int exitCode, String output) {}

    static Run run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), Map.of());
    }

    static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command.getFirst() + " is required by this test and could not be run"
                    + " (Debian: apt-get install openssl libnss3-tools): " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; returns its output. */
    static String ok(String... command) throws IOException, InterruptedException {
        Run r = run(command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + r.exitCode() + "):\n" + r.output());
        }
        return r.output();
    }

    /** A new empty NSS database (as Chromium or Firefox would have it). */
    static Path nssDatabase(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        ok("certutil", "-N", "--empty-password", "-d", "sql:" + dir);
        return dir;
    }

    /** certutil -L: the listing of a database. */
    static List<TrustStores.NssEntry> listing(Path db) throws IOException, InterruptedException {
        return TrustStores.parseListing(ok("certutil", "-L", "-d", "sql:" + db));
    }

    /** The certificates (DER) stored under a nickname; empty when there is none. */
    static List<byte[]> certificates(Path db, String nickname) throws IOException, InterruptedException {
        Run r = run("certutil", "-L", "-d", "sql:" + db, "-n", nickname, "-a");
        List<byte[]> ders = new ArrayList<>();
        if (r.exitCode() != 0) {
            return ders;
        }
        for (var o : Pem.read(r.output().getBytes(StandardCharsets.US_ASCII))) {
            ders.add(o.getContent());
        }
        return ders;
    }

    static Path writePem(Path file, X509Certificate cert) throws IOException {
        try {
            Files.writeString(file, Pem.certificate(cert));
        } catch (CertificateException e) {
            throw new IOException(e);
        }
        return file;
    }
}
