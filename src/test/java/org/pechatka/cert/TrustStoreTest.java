package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrustStore}: imports of every format, roots and intermediates apart, duplicates, refused
 * files with nothing written, the administrator's folder read-only, and the layout
 * {@link TrustAnchors#load} reads.
 */
class TrustStoreTest {

    @TempDir
    Path dir;

    private final TestPki.Ca root = TestPki.root("Root CA");
    private final TestPki.Ca sub = TestPki.intermediate(root, "Issuing CA");
    private final X509Certificate person = TestPki.leaf(sub, "Person");

    private TrustStore store() {
        return TrustStore.forDataDir(dir.resolve("data"), dir.resolve("admin"));
    }

    private static byte[] pem(X509Certificate... certs) throws IOException {
        StringBuilder b = new StringBuilder();
        for (X509Certificate c : certs) {
            b.append(new String(TrustStore.pem(c), StandardCharsets.US_ASCII));
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pkcs7(X509Certificate... certs) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(certs)).getEncoded("PKCS7");
    }

    private List<Path> filesUnder(Path p) throws IOException {
        if (!Files.exists(p)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void whenAPkcs7ChainIsAdded_thenTheRootAndTheIntermediateGoApartAndThePersonIsSkipped() throws Exception {
        TrustStore.Added added = store().add(pkcs7(person, sub.certificate(), root.certificate()));
        assertThat(added.added()).extracting(TrustStore.Entry::kind)
                .containsExactlyInAnyOrder(TrustStore.Kind.ROOT, TrustStore.Kind.INTERMEDIATE);
        assertThat(added.skipped()).containsExactly(person);
        Path trust = dir.resolve("data/trust");
        assertThat(trust.resolve(TrustStore.certId(root.certificate()) + ".pem")).exists();
        assertThat(trust.resolve("intermediate/" + TrustStore.certId(sub.certificate()) + ".pem")).exists();
        assertThat(store().list()).extracting(TrustStore.Entry::certificate, TrustStore.Entry::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(root.certificate(), TrustStore.Source.USER),
                        org.assertj.core.groups.Tuple.tuple(sub.certificate(), TrustStore.Source.USER));

        // what TrustAnchors.load has always read: the roots in trust/, now with the intermediates apart
        TrustAnchors loaded = TrustAnchors.load(trust, List.of());
        assertThat(loaded.anchors()).containsExactly(root.certificate());
        assertThat(loaded.intermediates()).containsExactly(sub.certificate());
        assertThat(loaded.trusted(person, List.of(), TestPki.NOW)).isTrue();
    }

    @Test
    void whenDerPemSeveralPemAndPemPkcs7AreAdded_thenEachIsRead() throws Exception {
        assertThat(store().add(root.certificate().getEncoded()).added()).hasSize(1);
        TestPki.Ca root2 = TestPki.root("Second Root");
        TestPki.Ca root3 = TestPki.root("Third Root");
        assertThat(store().add(pem(root2.certificate(), root3.certificate())).added()).hasSize(2);
        String p7 = "-----BEGIN PKCS7-----\n" + Base64.getMimeEncoder().encodeToString(pkcs7(sub.certificate()))
                + "\n-----END PKCS7-----\n";
        TrustStore.Added added = store().add(p7.getBytes(StandardCharsets.US_ASCII));
        assertThat(added.added()).extracting(TrustStore.Entry::kind).containsExactly(TrustStore.Kind.INTERMEDIATE);
        assertThat(store().list()).hasSize(4);
    }

    @Test
    void whenTheSameCertificatesAreAddedAgain_thenNothingIsWrittenAndTheyAreReportedPresent() throws Exception {
        store().add(pem(root.certificate(), sub.certificate()));
        List<Path> before = filesUnder(dir);
        TrustStore.Added again = store().add(pkcs7(sub.certificate(), root.certificate()));
        assertThat(again.added()).isEmpty();
        assertThat(again.alreadyPresent()).hasSize(2);
        assertThat(filesUnder(dir)).containsExactlyInAnyOrderElementsOf(before);
        // one file holding the same certificate twice is written once
        TestPki.Ca other = TestPki.root("Other");
        assertThat(store().add(pem(other.certificate(), other.certificate())).added()).hasSize(1);
    }

    @Test
    void whenTheFileIsBad_thenItIsRefusedWithAReasonAndNothingIsWritten() throws Exception {
        byte[] good = pem(root.certificate());
        byte[] truncatedSecond = Arrays.copyOf(pem(root.certificate(), sub.certificate()),
                good.length + 200);
        byte[] damagedDer = root.certificate().getEncoded();
        damagedDer = Arrays.copyOf(damagedDer, damagedDer.length - 10);
        List<byte[]> bad = new ArrayList<>(List.of(new byte[0], "hello".getBytes(StandardCharsets.US_ASCII),
                truncatedSecond, damagedDer, pem(person)));
        for (byte[] file : bad) {
            assertThatThrownBy(() -> store().add(file)).isInstanceOf(TrustStore.RefusedException.class)
                    .hasMessageMatching("(?s).*(empty|not a certificate|damaged|no CA certificate|PEM blocks).*");
        }
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void whenTheAdministratorShipsCertificates_thenTheyAreListedUsedAndCannotBeRemoved() throws Exception {
        Path admin = Files.createDirectories(dir.resolve("admin/intermediate"));
        Files.write(dir.resolve("admin/root.pem"), pem(root.certificate()));
        Files.write(admin.resolve("sub.cer"), sub.certificate().getEncoded());
        List<Path> adminFiles = filesUnder(dir.resolve("admin"));

        assertThat(store().list()).extracting(TrustStore.Entry::source).containsOnly(TrustStore.Source.ADMIN);
        TrustAnchors anchors = store().anchors(List.of(), Duration.ofSeconds(1), Clock.systemUTC());
        assertThat(anchors.validate(person, List.of(), TestPki.NOW, ChainValidation.Use.SIGN).status())
                .isEqualTo(ChainValidation.Status.VALID);

        assertThatThrownBy(() -> store().remove(TrustStore.certId(root.certificate())))
                .isInstanceOf(TrustStore.RefusedException.class).hasMessageContaining("administrator");
        TrustStore.Added added = store().add(pem(root.certificate()));
        assertThat(added.added()).isEmpty();
        assertThat(added.alreadyPresent()).extracting(TrustStore.Entry::source).containsOnly(TrustStore.Source.ADMIN);
        assertThat(filesUnder(dir.resolve("admin"))).containsExactlyInAnyOrderElementsOf(adminFiles);
        assertThat(filesUnder(dir.resolve("data"))).isEmpty();
    }

    @Test
    void whenACertificateIsRemovedByItsIdOrABeginning_thenOnlyItsFileGoes() throws Exception {
        store().add(pem(root.certificate(), sub.certificate()));
        String id = TrustStore.certId(sub.certificate());
        assertThatThrownBy(() -> store().remove("abc")).isInstanceOf(TrustStore.RefusedException.class)
                .hasMessageContaining("at least");
        assertThatThrownBy(() -> store().remove("00000000")).isInstanceOf(TrustStore.RefusedException.class)
                .hasMessageContaining("no certificate");
        TrustStore.Entry removed = store().remove(id.substring(0, 12).toUpperCase(java.util.Locale.ROOT));
        assertThat(removed.certificate()).isEqualTo(sub.certificate());
        assertThat(store().list()).extracting(TrustStore.Entry::certificate).containsExactly(root.certificate());
    }

    @Test
    void whenCrlsAndAllowedUrlsAreInTheStore_thenTheAnchorsCheckRevocation() throws Exception {
        store().add(pem(root.certificate(), sub.certificate()));
        Path crlDir = Files.createDirectories(dir.resolve("data/trust/crl"));
        Files.write(crlDir.resolve("sub.crl"), TestPki.crl(sub, person.getSerialNumber()).getEncoded());
        Files.writeString(dir.resolve("data/trust/crl-urls.txt"), "# CAs we fetch CRLs from\nhttp://crl.example.by/\n\n");
        assertThat(store().crlUrlPrefixes()).containsExactly("http://crl.example.by/");
        TrustAnchors anchors = store().anchors(List.of(), Duration.ofSeconds(1), Clock.systemUTC());
        assertThat(anchors.validate(person, List.of(), TestPki.NOW, ChainValidation.Use.ANY).status())
                .isEqualTo(ChainValidation.Status.REVOKED);
    }
}
