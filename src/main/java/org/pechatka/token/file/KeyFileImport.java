package org.pechatka.token.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenInfo;

/**
 * Puts a certificate with its key when the key is in a key file: after a request was made in a new
 * key file (the key alone, encrypted) and the CA issued the certificate. Pechatka never rewrites a
 * person's key file: the key, the certificate and the CA certificates that came with it go into a
 * NEW file next to the old one ({@code <old-name>-<issue date>.p12}, never over an existing file),
 * written with {@link Pkcs12Writer#write} under the same password. The old file is left as it was
 * (it holds the same key; the person may delete it). A certificate the key file, or a file written
 * here before, already holds is not written again; one whose key is not in the file writes nothing.
 * The protocol's {@code cert.import} still refuses key files: this runs only in the Import window.
 */
public final class KeyFileImport {

    /** What happened to a certificate. */
    public sealed interface Result {}

    /**
     * Written, with its key, into the new key file {@code file}.
     *
     * @param file    the new key file: the one to use from now on
     * @param oldFile the key file the key came from, unchanged
     */
    public record Written(Path file, Path oldFile) implements Result {}

    /** The key file {@code file} holds the certificate already: nothing written. */
    public record AlreadyPresent(Path file) implements Result {}

    /** No key in the file belongs to the certificate: nothing written. */
    public record NoKey() implements Result {}

    /** How many names {@code <old>-<date>-<n>.p12} are tried before giving up. */
    private static final int MAX_NAMES = 100;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private KeyFileImport() {}

    /** Whether the token is a key file (so {@link #unlock} applies). */
    public static boolean isKeyFile(Token token) {
        return token instanceof KeyFileToken;
    }

    /**
     * Opens the key file with its password, asked through {@code pins} (again after a wrong one,
     * as for signing). The caller closes the result, which forgets the password.
     *
     * @throws PechatkaException.OperationNotAllowed the token is not a key file
     * @throws PechatkaException.UserCancelled       the person cancelled the password
     * @throws PechatkaException.TokenNotPresent     the file is gone
     */
    public static Unlocked unlock(Token token, PinSource pins) throws PechatkaException {
        if (!(token instanceof KeyFileToken file)) {
            throw new PechatkaException.OperationNotAllowed("not a key file");
        }
        TokenInfo info = file.info();
        PinRequest request = new PinRequest(info, PinRequest.Kind.USER_LOGIN, null, false, null);
        while (true) {
            PinResponse answer = pins.requestPin(request);
            if (!(answer instanceof PinResponse.Pin pin)) {
                throw new PechatkaException.AlgorithmUnsupported("a key file has no PIN pad");
            }
            try {
                byte[] pfx = read(file.file());
                Pkcs12Unlock.Keys keys = Pkcs12Unlock.keys(pfx, pin.value());
                return new Unlocked(file.file(), keys, pin.value().clone());
            } catch (PechatkaException.PinIncorrect wrong) {
                request = request.afterFailure(info, wrong);
            } finally {
                pin.wipe();
            }
        }
    }

    /** A key file opened with its password, for adding certificates; {@link #close()} wipes the password. */
    public static final class Unlocked implements AutoCloseable {

        private final Path file;
        private final Pkcs12Unlock.Keys keys;
        private final char[] password;

        private Unlocked(Path file, Pkcs12Unlock.Keys keys, char[] password) {
            this.file = file;
            this.keys = keys;
            this.password = password;
        }

        /** The key file as opened. */
        public Path file() {
            return file;
        }

        /**
         * Writes {@code certificate} with its key, and {@code cas} beside it, into a new key file;
         * or nothing when the file (or a file written here before) holds it already or no key of
         * the file belongs to it.
         *
         * @throws PechatkaException.Internal the new file could not be written (nothing was)
         */
        public Result add(X509Certificate certificate, List<X509Certificate> cas) throws PechatkaException {
            Objects.requireNonNull(certificate, "certificate");
            if (keys.paired().stream().anyMatch(e -> e.certificate().equals(certificate))) {
                return new AlreadyPresent(file);
            }
            Pkcs12Writer.Entry entry = keyFor(certificate);
            if (entry == null) {
                return new NoKey();
            }
            List<Pkcs12Writer.Entry> entries = new ArrayList<>(List.of(entry));
            for (Pkcs12Writer.Entry e : keys.paired()) {
                if (!e.key().equals(entry.key())) {
                    entries.add(e); // the file's other keys with their certificates stay together
                }
            }
            List<X509Certificate> chain = cas == null ? List.of()
                    : cas.stream().filter(c -> !c.equals(certificate)).distinct().toList();
            String stem = stem(file.getFileName().toString()) + "-" + DAY.format(certificate.getNotBefore().toInstant());
            for (int n = 1; n <= MAX_NAMES; n++) {
                Path target = file.resolveSibling(stem + (n == 1 ? "" : "-" + n) + ".p12");
                if (Files.exists(target)) {
                    if (holds(target, certificate)) {
                        return new AlreadyPresent(target);
                    }
                    continue; // someone else's file: never overwritten
                }
                try {
                    AtomicFiles.writeNew(target, Pkcs12Writer.write(entries, chain, password), true);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    continue; // appeared meanwhile
                } catch (IOException e) {
                    throw new PechatkaException.Internal("the new key file could not be written", e);
                }
                return new Written(target, file);
            }
            throw new PechatkaException.Internal("no free name for the new key file next to " + file.getFileName(), null);
        }

        /** The key the certificate was issued for, named as in the file; null when none is. */
        private Pkcs12Writer.Entry keyFor(X509Certificate certificate) throws PechatkaException {
            for (Pkcs12Unlock.LoneKey k : keys.alone()) {
                if (FileKey.of(k.key()).matches(certificate)) {
                    return new Pkcs12Writer.Entry(k.name() != null ? k.name() : "key", k.key(), certificate);
                }
            }
            for (Pkcs12Writer.Entry e : keys.paired()) {
                if (FileKey.of(e.key()).matches(certificate)) {
                    return new Pkcs12Writer.Entry(e.name(), e.key(), certificate); // a renewal on the same key
                }
            }
            return null;
        }

        /** Whether an existing file opens with the same password and holds the certificate. */
        private boolean holds(Path other, X509Certificate certificate) {
            try {
                return Pkcs12Unlock.entries(Files.readAllBytes(other), password).stream()
                        .anyMatch(e -> e.certificate().equals(certificate));
            } catch (IOException | PechatkaException | RuntimeException e) {
                return false;
            }
        }

        @Override
        public void close() {
            Arrays.fill(password, '\0');
        }
    }

    private static String stem(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".p12") || lower.endsWith(".pfx") ? name.substring(0, name.length() - 4) : name;
    }

    private static byte[] read(Path file) throws PechatkaException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PechatkaException.TokenNotPresent();
        }
    }
}
