package org.pechatka.ui.signfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.ChainValidation;
import org.pechatka.error.PechatkaException;
import org.pechatka.files.FileSigner;
import org.pechatka.token.PinSource;
import org.pechatka.token.TokenCertificate;

/**
 * What the Sign file window shows and does, without JavaFX: the certificate that signs (and its
 * chain against the trust store), the chosen file with its size and SHA-256 fingerprint, detached or
 * attached, where the signature goes, and the signing itself through {@link FileSigner}. The
 * person's press on Sign is the consent; nothing here signs on its own. File reading and signing
 * take a while on large files and run off the JavaFX thread.
 */
public final class SignFileViewModel {

    private static final int BUFFER = 1 << 16;

    /** Signs with the chosen certificate; the app binds the token, the chain to include and the clock. */
    @FunctionalInterface
    public interface Signing {
        FileSigner.Signed sign(FileSigner.Request request, PinSource pins) throws IOException, PechatkaException;
    }

    /** A file's name, size and SHA-256 as the signing confirmation shows them. */
    public record FileFacts(Path file, long size, String sha256) {

        /** {@code SHA-256 3F2A 91C0 …}: the first 8 bytes, as the protocol's confirmation dialog writes it. */
        public String fingerprint() {
            String hex = sha256.substring(0, 16).toUpperCase(java.util.Locale.ROOT);
            return "SHA-256 " + hex.substring(0, 4) + " " + hex.substring(4, 8) + " " + hex.substring(8, 12) + " "
                    + hex.substring(12, 16) + " …";
        }
    }

    private final TokenCertificate certificate;
    private final CertificateView view;
    private final String tokenName;
    private final Supplier<ChainValidation> chain;
    private final Signing signing;
    private final Clock clock;
    private Path file;
    private Path output;
    private boolean attached;

    /**
     * @param certificate the certificate the person chose in the Certificates window
     * @param tokenName   the token's or key file's name as the person knows it
     * @param chain       checks the certificate's chain against the trust store (slow: off the FX thread);
     *                    null when the app has no trust store to check against
     * @param signing     does the signing
     */
    public SignFileViewModel(TokenCertificate certificate, String tokenName, Supplier<ChainValidation> chain,
            Signing signing, Clock clock) throws CertificateException {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.view = CertificateView.of(certificate.certificate());
        this.tokenName = Objects.requireNonNull(tokenName, "tokenName");
        this.chain = chain;
        this.signing = Objects.requireNonNull(signing, "signing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TokenCertificate certificate() {
        return certificate;
    }

    public CertificateView view() {
        return view;
    }

    public String tokenName() {
        return tokenName;
    }

    public CertificateView.Validity validity() {
        return view.validity(clock.instant());
    }

    /** The chain status, or null when nothing can be checked. Slow: call off the JavaFX thread. */
    public ChainValidation chain() {
        return chain == null ? null : chain.get();
    }

    public Path file() {
        return file;
    }

    /** Chooses the file to sign; the signature goes beside it again unless chosen otherwise later. */
    public void file(Path chosen) {
        this.file = chosen;
        this.output = null;
    }

    public boolean attached() {
        return attached;
    }

    public void attached(boolean value) {
        this.attached = value;
    }

    /** Sets where the signature goes (null: {@code FILE.p7s} beside the file). */
    public void output(Path chosen) {
        this.output = chosen;
    }

    /** Where the signature will be written, or null while no file is chosen. */
    public Path target() {
        if (file == null) {
            return null;
        }
        return output != null ? output : FileSigner.defaultTarget(file);
    }

    /** Whether a file is chosen. */
    public boolean ready() {
        return file != null;
    }

    /** Whether a file is there already where the signature would go (the person is asked before it is replaced). */
    public boolean targetExists() {
        Path t = target();
        return t != null && Files.exists(t);
    }

    /** The name, size and SHA-256 of a file, read in a stream. Slow on large files: off the JavaFX thread. */
    public static FileFacts facts(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                size += n;
            }
        }
        return new FileFacts(file, size, HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * Signs the chosen file. Off the JavaFX thread: the PIN is asked through {@code pins}.
     *
     * @param overwrite the person confirmed that an existing file at the target may be replaced
     * @throws FileAlreadyExistsException the target exists and {@code overwrite} is false (nothing asked, nothing written)
     */
    public FileSigner.Signed sign(PinSource pins, boolean overwrite) throws IOException, PechatkaException {
        if (file == null) {
            throw new IllegalStateException("no file chosen");
        }
        return signing.sign(new FileSigner.Request(file, output, attached, overwrite), pins);
    }

    /** The text key that explains why a file was not signed. */
    public static String problemKey(Exception e) {
        return switch (e) {
            case PechatkaException.PinIncorrect p -> "error.pinIncorrect";
            case PechatkaException.PinLocked p -> "error.pinLocked";
            case PechatkaException.TokenRemoved p -> "error.tokenGone";
            case PechatkaException.TokenNotPresent p -> "error.tokenGone";
            case PechatkaException.UserCancelled p -> "error.cancelled";
            case PechatkaException.UserTimeout p -> "error.cancelled";
            case PechatkaException.KeyNotFound p -> "error.keyGone";
            case PechatkaException.AlgorithmUnsupported p -> "error.algorithm";
            case PechatkaException p -> "error.token";
            case FileAlreadyExistsException f -> "error.exists";
            case NoSuchFileException f -> "error.noFile";
            case IOException io when io.getMessage() != null && io.getMessage().contains("changed") -> "error.changed";
            default -> "error.write";
        };
    }
}
