package org.pechatka.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin policy's {@code trustedCertificates} in the trust store: read where they are (never
 * copied), listed as the administrator's, a self-signed certificate as a root and another CA as an
 * intermediate, not removable; a file that cannot be read, or a certificate that is not a CA, is
 * left out while the other files are used.
 */
class TrustStorePolicyFilesTest {

    @TempDir
    Path dir;

    private final TestPki.Ca root = TestPki.root("Policy Root CA");
    private final TestPki.Ca sub = TestPki.intermediate(root, "Policy Issuing CA");
    private final X509Certificate person = TestPki.leaf(sub, "Person");

    @Test
    void whenThePolicyNamesCertificateFiles_thenTheyAreTheAdministratorsRootsAndIntermediates() throws Exception {
        Path rootFile = Files.write(dir.resolve("root.pem"), TrustStore.pem(root.certificate()));
        Path subFile = Files.write(dir.resolve("sub.cer"), sub.certificate().getEncoded());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate", StandardCharsets.UTF_8);
        Path personFile = Files.write(dir.resolve("person.pem"), TrustStore.pem(person));
        Path absent = dir.resolve("absent.pem");
        TrustStore store = TrustStore.forDataDir(dir.resolve("data"), dir.resolve("admin"))
                .withAdminFiles(List.of(garbage, rootFile, absent, subFile, personFile));

        List<TrustStore.Entry> entries = store.list();
        assertThat(entries).extracting(TrustStore.Entry::certificate)
                .containsExactly(root.certificate(), sub.certificate());
        assertThat(entries).extracting(TrustStore.Entry::kind)
                .containsExactly(TrustStore.Kind.ROOT, TrustStore.Kind.INTERMEDIATE);
        assertThat(entries).extracting(TrustStore.Entry::source).containsOnly(TrustStore.Source.ADMIN);
        assertThat(entries).extracting(TrustStore.Entry::file).containsExactly(rootFile, subFile);

        TrustAnchors anchors = store.anchors(List.of(), Duration.ofSeconds(1), Clock.systemUTC());
        assertThat(anchors.validate(person, List.of(), TestPki.NOW, ChainValidation.Use.SIGN).status())
                .isEqualTo(ChainValidation.Status.VALID);

        assertThatThrownBy(() -> store.remove(TrustStore.certId(root.certificate())))
                .isInstanceOf(TrustStore.RefusedException.class).hasMessageContaining("administrator");
        assertThat(rootFile).exists();
        assertThat(dir.resolve("data")).doesNotExist(); // nothing copied into the user's store

        TrustStore without = TrustStore.forDataDir(dir.resolve("data"), dir.resolve("admin"));
        assertThat(without.list()).isEmpty();
    }
}
