package org.pechatka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl cms -verify}, the independent party that checks the CMS signatures Pechatka writes
 * to files (the file signer's tests and the command line's).
 */
public final class OpensslCms {

    private OpensslCms() {}

    /**
     * Verifies the DER {@code signature} against the CA in {@code caPem}, with the detached
     * {@code content} when not null. Returns the content openssl took out (empty when detached), or
     * null when it reported a verification failure; an assertion error when it did not run as
     * expected. Its scratch file goes to {@code dir} and is deleted.
     */
    public static byte[] verify(Path dir, Path signature, Path content, Path caPem) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".bin");
        List<String> cmd = new ArrayList<>(List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER",
                "-in", signature.toString(), "-CAfile", caPem.toString(), "-out", out.toString()));
        if (content != null) {
            cmd.addAll(List.of("-content", content.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        try {
            if (p.exitValue() == 0) {
                assertThat(text).contains("Verification successful");
                return content == null ? Files.readAllBytes(out) : new byte[0];
            }
            assertThat(text).as("openssl ran: " + cmd).contains("Verification failure");
            return null;
        } finally {
            Files.delete(out);
        }
    }
}
