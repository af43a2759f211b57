package org.pechatka.ui.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.error.PechatkaException;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.PinRules;

/** The window's logic without a window: PIN rules, export formats and files, error texts. */
class CertificatesViewModelTest {

    private static final X509Certificate CERT;

    static {
        TestCa ca = TestCa.create("Model Test CA");
        CERT = ca.issue(TestCa.generateKeyPair(TestCa.KeyType.EC_P256).getPublic(), TestSubjects.belarusCitizen());
    }

    @Test
    void whenNewPinBreaksTheTokensRules_thenTheProblemIsNamed() {
        PinRules rules = new PinRules(6, 8, true, true);
        assertThat(CertificatesViewModel.pinProblem(rules, "12345".toCharArray(), "12345".toCharArray()))
                .isEqualTo("pin.length");
        assertThat(CertificatesViewModel.pinProblem(rules, "123456789".toCharArray(), "123456789".toCharArray()))
                .isEqualTo("pin.length");
        assertThat(CertificatesViewModel.pinProblem(rules, "123456".toCharArray(), "123457".toCharArray()))
                .isEqualTo("pin.mismatch");
        assertThat(CertificatesViewModel.pinProblem(rules, "123456".toCharArray(), "123456".toCharArray())).isNull();
        assertThat(CertificatesViewModel.pinProblem(new PinRules(4, 0, true, true), "123".toCharArray(),
                "123".toCharArray())).isEqualTo("pin.tooShort");
    }

    @Test
    void whenExported_thenDerIsTheCertificateAndPemWrapsIt(@TempDir Path dir) throws Exception {
        Path der = dir.resolve("a.cer");
        Path pem = dir.resolve("a.pem");
        CertificatesViewModel.export(CERT, der, CertificatesViewModel.formatOf(der), false);
        CertificatesViewModel.export(CERT, pem, CertificatesViewModel.formatOf(pem), false);
        assertThat(Files.readAllBytes(der)).isEqualTo(CERT.getEncoded());
        try (PemReader r = new PemReader(new StringReader(Files.readString(pem)))) {
            assertThat(r.readPemObject().getContent()).isEqualTo(CERT.getEncoded());
        }
        assertThat(CertificatesViewModel.formatOf(Path.of("x.CRT"))).isEqualTo(CertificatesViewModel.ExportFormat.PEM);
        assertThat(CertificatesViewModel.formatOf(Path.of("x.der"))).isEqualTo(CertificatesViewModel.ExportFormat.DER);
    }

    @Test
    void whenFileExists_thenExportLeavesItUnlessReplacingWasConfirmed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.cer");
        Files.writeString(file, "a file of the person");
        assertThatThrownBy(() -> CertificatesViewModel.export(CERT, file, CertificatesViewModel.ExportFormat.DER, false))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("a file of the person");
        CertificatesViewModel.export(CERT, file, CertificatesViewModel.ExportFormat.DER, true);
        assertThat(Files.readAllBytes(file)).isEqualTo(CERT.getEncoded());
        try (var listing = Files.list(dir)) {
            assertThat(listing).as("no temporary file left").hasSize(1);
        }
    }

    @Test
    void whenTokenFails_thenEachFailureHasItsText() {
        assertThat(CertificatesViewModel.problemKey(new PechatkaException.PinIncorrect(1, true)))
                .isEqualTo("error.pinFinalTry");
        assertThat(CertificatesViewModel.problemKey(new PechatkaException.PinIncorrect(null, false)))
                .isEqualTo("error.pinIncorrect");
        assertThat(CertificatesViewModel.problemKey(new PechatkaException.PinLocked())).isEqualTo("error.pinLocked");
        assertThat(CertificatesViewModel.problemKey(new PechatkaException.TokenRemoved())).isEqualTo("error.tokenGone");
        assertThat(CertificatesViewModel.problemKey(new PechatkaException.OperationNotAllowed("x")))
                .isEqualTo("error.notAllowed");
        assertThat(CertificatesViewModel.problemKey(new PechatkaException.TokenFailure("CKR_X", "x", null)))
                .isEqualTo("error.token");
    }

    @Test
    void serialIsPrintedInPairs() {
        assertThat(CertificatesViewModel.serialHex(CERT)).matches("([0-9A-F]{2} )*[0-9A-F]{2}");
    }
}
