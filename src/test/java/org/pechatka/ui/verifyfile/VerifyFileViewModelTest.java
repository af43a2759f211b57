package org.pechatka.ui.verifyfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.files.FileVerification;
import org.pechatka.files.SignerCheck;
import org.pechatka.files.SignerCheck.Outcome;
import org.pechatka.files.SignerCheck.Trust;
import org.pechatka.ui.verifyfile.VerifyFileViewModel.Tone;
import org.pechatka.ui.verifyfile.VerifyFileViewModel.Verdict;

/** How the Verify file window reads a verification: each signer's verdict and the file's, worst first. */
class VerifyFileViewModelTest {

    @TempDir
    Path tmp;

    private static SignerCheck check(Outcome outcome, Trust trust, boolean forSigning) {
        return new SignerCheck(null, "CN=CA, serial 1", outcome, trust, null, "SHA-256", "SHA256withRSA", forSigning);
    }

    private static FileVerification of(boolean same, SignerCheck... signers) {
        return new FileVerification(Path.of("a.p7s"), false, Path.of("a"), 10, same, List.of(signers));
    }

    @Test
    void eachSignerGetsTheVerdictAPersonReads() {
        assertThat(VerifyFileViewModel.verdict(check(Outcome.VALID, Trust.TRUSTED, true))).isEqualTo(Verdict.VALID);
        assertThat(VerifyFileViewModel.verdict(check(Outcome.VALID, Trust.TRUSTED, false)))
                .isEqualTo(Verdict.NOT_FOR_SIGNING);
        assertThat(VerifyFileViewModel.verdict(check(Outcome.VALID, Trust.NOT_TRUSTED, true)))
                .isEqualTo(Verdict.NOT_TRUSTED);
        assertThat(VerifyFileViewModel.verdict(check(Outcome.VALID, Trust.TRUSTED_AT_SIGNING_TIME_ONLY, true)))
                .isEqualTo(Verdict.EXPIRED_SINCE);
        assertThat(VerifyFileViewModel.verdict(check(Outcome.CONTENT_CHANGED, Trust.TRUSTED, true)))
                .isEqualTo(Verdict.CHANGED);
        assertThat(VerifyFileViewModel.verdict(check(Outcome.WRONG_CERTIFICATE, Trust.TRUSTED, true)))
                .isEqualTo(Verdict.INVALID);
        assertThat(VerifyFileViewModel.verdict(check(Outcome.NO_CERTIFICATE, Trust.UNKNOWN, true)))
                .isEqualTo(Verdict.NO_CERTIFICATE);
    }

    @Test
    void theFileGetsTheWorstOfItsSigners() {
        FileVerification mixed = of(true, check(Outcome.VALID, Trust.TRUSTED, true),
                check(Outcome.VALID, Trust.NOT_TRUSTED, true));
        assertThat(VerifyFileViewModel.verdict(mixed)).isEqualTo(Verdict.NOT_TRUSTED);
        assertThat(Verdict.NOT_TRUSTED.tone()).isEqualTo(Tone.WARNING);
        assertThat(VerifyFileViewModel.verdict(of(true))).isEqualTo(Verdict.NO_SIGNERS);
        assertThat(VerifyFileViewModel.verdict(of(false, check(Outcome.VALID, Trust.TRUSTED, true))))
                .isEqualTo(Verdict.OTHER_FILE);
        assertThat(VerifyFileViewModel.verdict(of(true, check(Outcome.VALID, Trust.TRUSTED, true),
                check(Outcome.SIGNATURE_INVALID, Trust.TRUSTED, true)))).isEqualTo(Verdict.INVALID);
        assertThat(Verdict.INVALID.tone()).isEqualTo(Tone.BAD);
    }

    @Test
    void theFileBesideTheSignatureIsProposedOnlyWhenItIsThere() throws Exception {
        VerifyFileViewModel model = new VerifyFileViewModel((s, c) -> null);
        Path doc = Files.writeString(tmp.resolve("act.pdf"), "x");
        model.signature(tmp.resolve("act.pdf.p7s"));
        assertThat(model.content()).isEqualTo(doc);
        model.signature(tmp.resolve("other.pdf.p7s"));
        assertThat(model.content()).isNull();
    }
}
