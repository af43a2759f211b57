package org.pechatka.files;

import java.nio.file.Path;
import java.util.List;

/**
 * What verifying a {@code .p7s} found.
 *
 * @param signature          the signature file
 * @param attached           whether the signature contains the signed file
 * @param content            the file checked against a detached signature, or the file compared
 *                           with an attached signature's content; null for an attached signature alone
 * @param contentBytes       the size of the signed content
 * @param sameAsGivenContent for an attached signature with a file given: whether that file is the
 *                           content inside; otherwise true
 * @param signers            one check per SignerInfo, in the signature's order
 */
public record FileVerification(Path signature, boolean attached, Path content, long contentBytes,
        boolean sameAsGivenContent, List<SignerCheck> signers) {

    public FileVerification {
        signers = List.copyOf(signers);
    }

    /** At least one signer, every signer verified, and the given file is the signed one. */
    public boolean verified() {
        return !signers.isEmpty() && sameAsGivenContent && signers.stream().allMatch(SignerCheck::verified);
    }
}
