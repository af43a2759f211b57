package org.pechatka.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.sign.CmsContent;
import org.pechatka.sign.CmsSigner;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;

/**
 * Signs a file to a {@code .p7s}: a CAdES-BES CMS SignedData made by {@link CmsSigner}, exactly as
 * for the protocol, with the key on a token or in a key file.
 *
 * <p>The file is never read whole into memory: it is hashed in a stream before the token is opened
 * (so the person is asked for the PIN only when the hash is ready, and the token is not held during
 * a long read), {@link CmsSigner} signs that hash, and an attached signature is written by
 * streaming the file a second time into the DER around it ({@link AttachedSignature}), hashed again
 * on the way: a file that changed in between is refused and nothing is written. The signature is
 * written atomically beside the file ({@code FILE.p7s}) or where asked, and an existing signature
 * is replaced only when {@link Request#overwrite()} says so.
 */
public final class FileSigner {

    /** The extension of a signature file. */
    public static final String EXTENSION = ".p7s";

    private static final int BUFFER = 1 << 16;

    private final Clock clock;

    public FileSigner() {
        this(Clock.systemUTC());
    }

    /** @param clock gives the signingTime attribute */
    public FileSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What to sign and where to write the signature.
     *
     * @param file      the file to sign
     * @param output    where to write the signature, or null for {@code FILE.p7s} beside the file
     * @param attached  true: the signature contains the file (encapsulated content); false: detached
     * @param overwrite whether an existing signature file may be replaced
     */
    public record Request(Path file, Path output, boolean attached, boolean overwrite) {

        public Request {
            Objects.requireNonNull(file, "file");
        }

        /** A detached signature to {@code FILE.p7s}, never replacing one. */
        public static Request detached(Path file) {
            return new Request(file, null, false, false);
        }

        /** Where the signature goes. */
        public Path target() {
            return output != null ? output : defaultTarget(file);
        }
    }

    /**
     * A signature written.
     *
     * @param signature   the {@code .p7s} file
     * @param attached    whether it contains the file
     * @param bytesSigned the size of the signed file
     * @param algorithm   the signature algorithm
     * @param signingTime the signingTime attribute (whole seconds)
     */
    public record Signed(Path signature, boolean attached, long bytesSigned, SignatureAlgorithm algorithm,
            Instant signingTime) {}

    /** {@code FILE.p7s} beside {@code file}. */
    public static Path defaultTarget(Path file) {
        return file.resolveSibling(file.getFileName().toString() + EXTENSION);
    }

    /**
     * Signs a file with the key of {@code signer}.
     *
     * @param token  the token or key file holding the key
     * @param signer the certificate to sign with (its key must be on {@code token})
     * @param chain  CA certificates to include besides the signer's (nearest first; may be empty)
     * @param pins   asks for the PIN (or the key file's password) when the token needs one
     * @return what was written
     * @throws NoSuchFileException         the file does not exist
     * @throws FileAlreadyExistsException  the signature file exists and {@code overwrite} is false
     *                                     (checked before anything is asked; nothing is changed)
     * @throws IOException                 the file cannot be read, changed while being signed, or
     *                                     the signature cannot be written (no partial file is left)
     * @throws PechatkaException           from the token: PIN, cancel, removal, key not found …
     */
    public Signed sign(Token token, TokenCertificate signer, List<X509Certificate> chain, PinSource pins,
            Request request) throws IOException, PechatkaException {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(pins, "pins");
        Objects.requireNonNull(request, "request");
        Path file = request.file();
        Path target = request.target();
        if (!Files.isRegularFile(file)) {
            throw Files.exists(file) ? new IOException(file + " is not a regular file")
                    : new NoSuchFileException(file.toString());
        }
        if (Files.exists(file) && Files.exists(target) && Files.isSameFile(file, target)) {
            throw new IOException("the signature cannot replace the file it signs: " + target);
        }
        if (!request.overwrite() && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a signature file is there already");
        }
        X509Certificate certificate = signer.certificate();
        SignatureAlgorithm algorithm = CmsSigner.defaultAlgorithm(keyInfo(certificate), null);
        HashAlgorithm digestAlgorithm = CmsSigner.digestAlgorithm(algorithm);

        long size = Files.size(file);
        byte[] digest = hash(file, digestAlgorithm);
        Instant signingTime = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] detached;
        try (TokenSession session = token.open(pins, TokenSession.Access.READ_ONLY)) {
            detached = CmsSigner.sign(session, signer.keyRef(), certificate, chain, algorithm,
                    CmsContent.hash(digest, digestAlgorithm), signingTime);
        }
        AtomicFiles.Content content = request.attached()
                ? new AttachedSignature(detached, file, size, digestAlgorithm, digest)
                : out -> out.write(detached);
        if (request.overwrite()) {
            AtomicFiles.replace(target, content, false);
        } else {
            AtomicFiles.writeNew(target, content, false);
        }
        return new Signed(target, request.attached(), size, algorithm, signingTime);
    }

    /** The hash of a file, read in a stream. */
    static byte[] hash(Path file, HashAlgorithm algorithm) throws IOException, PechatkaException.AlgorithmUnsupported {
        MessageDigest md = algorithm.newDigest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    private static KeyInfo keyInfo(X509Certificate certificate) throws PechatkaException.AlgorithmUnsupported {
        try {
            return KeyInfo.of(org.bouncycastle.asn1.x509.Certificate.getInstance(certificate.getEncoded())
                    .getSubjectPublicKeyInfo());
        } catch (IOException | java.security.cert.CertificateEncodingException | RuntimeException e) {
            throw new PechatkaException.AlgorithmUnsupported("the certificate's key type is not supported");
        }
    }
}
