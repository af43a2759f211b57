package org.pechatka.ui.verifyfile;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import org.pechatka.files.FileVerification;
import org.pechatka.files.FileVerifier;
import org.pechatka.files.SignerCheck;

/**
 * What the Verify file window checks and how a person reads the answer, without JavaFX: the
 * {@code .p7s}, the signed file for a detached signature (the same name without {@code .p7s} beside
 * it is proposed), and one verdict for the whole file and for each signer, worst first. Verifying
 * reads whole files and runs off the JavaFX thread.
 */
public final class VerifyFileViewModel {

    /** Verifies a signature against a file (null: attached, or let the verifier ask for it). */
    @FunctionalInterface
    public interface Verifier {
        FileVerification verify(Path signature, Path content) throws IOException;
    }

    /** One answer a person reads, worst first: the whole file gets the worst of its signers. */
    public enum Verdict {
        /** The file is not the one that was signed (changed, or another file). */
        CHANGED(Tone.BAD),
        /** The signature itself does not hold (damaged, or made with another key). */
        INVALID(Tone.BAD),
        /** An attached signature, and the file given beside it is not the one inside. */
        OTHER_FILE(Tone.BAD),
        /** The signature has no signers. */
        NO_SIGNERS(Tone.BAD),
        /** The signer's certificate is not in the signature: who signed cannot be checked. */
        NO_CERTIFICATE(Tone.BAD),
        /** The algorithm is unknown here. */
        UNSUPPORTED(Tone.BAD),
        /** The signature holds, but the signer's certificate does not lead to a trusted root. */
        NOT_TRUSTED(Tone.WARNING),
        /** The signature holds; the certificate was valid at the stated signing time but has expired since. */
        EXPIRED_SINCE(Tone.WARNING),
        /** The signature holds, but the certificate is not meant for signing. */
        NOT_FOR_SIGNING(Tone.WARNING),
        /** The signature holds, the file is the one signed, the signer is trusted. */
        VALID(Tone.GOOD);

        private final Tone tone;

        Verdict(Tone tone) {
            this.tone = tone;
        }

        public Tone tone() {
            return tone;
        }
    }

    /** How a verdict looks: an icon and a colour, always with words. */
    public enum Tone {
        GOOD,
        WARNING,
        BAD
    }

    private final Verifier verifier;
    private Path signature;
    private Path content;

    public VerifyFileViewModel(Verifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    public Path signature() {
        return signature;
    }

    /** Takes a signature file and proposes its file: the same name without {@code .p7s} beside it, when there. */
    public void signature(Path chosen) {
        this.signature = chosen;
        this.content = chosen == null ? null : FileVerifier.defaultContent(chosen);
    }

    public Path content() {
        return content;
    }

    public void content(Path chosen) {
        this.content = chosen;
    }

    public boolean ready() {
        return signature != null;
    }

    /**
     * Verifies. Off the JavaFX thread.
     *
     * @throws FileVerifier.ContentNeededException a detached signature and no file chosen for it
     * @throws FileVerifier.NotASignatureException the chosen file is not a signature
     * @throws NoSuchFileException                 a chosen file is gone
     */
    public FileVerification verify() throws IOException {
        if (signature == null) {
            throw new IllegalStateException("no signature chosen");
        }
        return verifier.verify(signature, content);
    }

    /** The verdict on one signer. */
    public static Verdict verdict(SignerCheck c) {
        return switch (c.outcome()) {
            case CONTENT_CHANGED -> Verdict.CHANGED;
            case SIGNATURE_INVALID, WRONG_CERTIFICATE -> Verdict.INVALID;
            case NO_CERTIFICATE -> Verdict.NO_CERTIFICATE;
            case UNSUPPORTED_ALGORITHM -> Verdict.UNSUPPORTED;
            case VALID -> switch (c.trust()) {
                case NOT_TRUSTED, UNKNOWN -> Verdict.NOT_TRUSTED;
                case TRUSTED_AT_SIGNING_TIME_ONLY -> Verdict.EXPIRED_SINCE;
                case TRUSTED -> c.forSigning() ? Verdict.VALID : Verdict.NOT_FOR_SIGNING;
            };
        };
    }

    /** The verdict on the whole file: the worst of its signers. */
    public static Verdict verdict(FileVerification v) {
        if (v.signers().isEmpty()) {
            return Verdict.NO_SIGNERS;
        }
        if (!v.sameAsGivenContent()) {
            return Verdict.OTHER_FILE;
        }
        return v.signers().stream().map(VerifyFileViewModel::verdict).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** The text key for why a file could not be verified at all. */
    public static String problemKey(IOException e) {
        return switch (e) {
            case FileVerifier.ContentNeededException n -> "problem.contentNeeded";
            case FileVerifier.NotASignatureException n -> "problem.notASignature";
            case NoSuchFileException n -> "problem.noFile";
            default -> "problem.unreadable";
        };
    }
}
