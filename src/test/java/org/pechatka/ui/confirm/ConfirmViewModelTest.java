package org.pechatka.ui.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pechatka.cert.CertificateView;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;

/** The signing confirmation's content without a window. */
class ConfirmViewModelTest {

    private static final CertificateView CERT;

    static {
        try {
            CERT = CertificateView.of(TestCa.create("CA").issue(TestCa.generateKeyPair(TestCa.KeyType.EC_P256)
                    .getPublic(), TestSubjects.belarusCitizen()));
        } catch (java.security.cert.CertificateException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void oneDocumentIsNotABatch() {
        ConfirmViewModel m = new ConfirmViewModel(new SigningRequest(CERT, List.of(
                new SigningRequest.Document("a.pdf", 10, "SHA-256 …")), "why", false));
        assertThat(m.batch()).isFalse();
        assertThat(m.count()).isEqualTo(1);
        assertThat(m.rawHash()).isFalse();
        assertThat(m.totalSize()).isEqualTo(10);
        assertThat(m.description()).isEqualTo("why");
    }

    @Test
    void aBatchCountsItsDocumentsAndTheirSize() {
        ConfirmViewModel m = new ConfirmViewModel(new SigningRequest(CERT, List.of(
                new SigningRequest.Document("a.pdf", 10, "x"), new SigningRequest.Document("b.pdf", 32, "y"),
                new SigningRequest.Document("c", -1, "z")), null, false));
        assertThat(m.batch()).isTrue();
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.totalSize()).isEqualTo(42);
        assertThat(m.rawHash()).as("one item is only a hash").isTrue();
    }

    @Test
    void aRawHashRequestSaysSo() {
        ConfirmViewModel m = new ConfirmViewModel(new SigningRequest(CERT, List.of(
                new SigningRequest.Document("d", -1, "x")), null, true));
        assertThat(m.rawHash()).isTrue();
        assertThat(m.totalSize()).isEqualTo(-1);
    }
}
