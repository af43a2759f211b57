package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.TrustStore;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;

/** {@code pechatka truststore list|add|remove|check} through {@link Main#run}, on a temporary data dir. */
class TruststoreCommandTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (all.size() > 1 || (all.size() == 1 && !all.get(0).startsWith("-"))) {
            all.addAll(List.of("--data-dir", dir.resolve("data").toString(), "--admin-dir",
                    dir.resolve("admin").toString()));
        }
        int exit = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void whenAChainIsAddedListedCheckedAndRemoved_thenEachStepSaysWhatItDid() throws Exception {
        TestCa ca = TestCa.create("CLI Root");
        X509Certificate person = ca.issue(TestCa.generateKeyPair(TestCa.KeyType.EC_P256).getPublic(),
                TestSubjects.belarusCitizen());
        Path p7 = dir.resolve("chain.p7b");
        Files.write(p7, CertificateFactory.getInstance("X.509").generateCertPath(List.of(person, ca.caCertificate()))
                .getEncoded("PKCS7"));
        Path leafFile = dir.resolve("person.pem");
        Files.writeString(leafFile, pem(person));

        assertThat(run("truststore", "list").out()).contains("Roots (Trusted Root Certification Authorities):\n  (none)");
        Result check0 = run("truststore", "check", leafFile.toString());
        assertThat(check0.exit()).isEqualTo(1);
        assertThat(check0.out()).contains("status: broken chain");

        Result add = run("truststore", "add", p7.toString());
        String id = TrustStore.certId(ca.caCertificate());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("added as root: " + id + "  CN=CLI Root")
                .contains("skipped, not a CA certificate: ");
        assertThat(run("truststore", "add", p7.toString()).out()).contains("already present as root: " + id);

        Result list = run("truststore", "list");
        assertThat(list.out()).contains(id + "  CN=CLI Root").contains("(yours)")
                .contains("Intermediates (Intermediate Certification Authorities):\n  (none)");
        Result check = run("truststore", "check", "--use", "SIGN", leafFile.toString());
        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.out()).contains("status: valid");

        Result remove = run("truststore", "remove", id.substring(0, 10));
        assertThat(remove.exit()).isZero();
        assertThat(remove.out()).contains("removed root: " + id);
        assertThat(run("truststore", "remove", id).exit()).isEqualTo(1);
    }

    @Test
    void whenTheFileIsNotACertificate_thenExit1WithTheReasonAndNothingWritten() throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Result r = run("truststore", "add", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.pem was not added").contains("not a certificate");
        assertThat(dir.resolve("data")).doesNotExist();
        Result missing = run("truststore", "add", dir.resolve("nope.pem").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void whenAnAdministratorsCertificateIsRemoved_thenRefused() throws Exception {
        TestCa ca = TestCa.create("Admin Root");
        Files.createDirectories(dir.resolve("admin"));
        Files.writeString(dir.resolve("admin/root.pem"), pem(ca.caCertificate()), StandardCharsets.US_ASCII);
        String id = TrustStore.certId(ca.caCertificate());
        assertThat(run("truststore", "list").out()).contains(id + "  CN=Admin Root").contains("[administrator]");
        Result r = run("truststore", "remove", id);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("installed by the administrator");
        assertThat(dir.resolve("admin/root.pem")).exists();
    }

    @Test
    void whenAskedForHelp_thenTheActionsAndExitCodesAreDescribed() {
        Result r = run("truststore", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("list", "add", "remove", "check", "Exit codes: 0");
        Result add = run("truststore", "add", "--help");
        assertThat(add.out()).contains("PKCS#7", "--data-dir", "--admin-dir");
    }
}
