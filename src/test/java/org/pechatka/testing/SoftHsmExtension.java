package org.pechatka.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pechatka.token.pkcs11.Pkcs11Provider;

/**
 * Gives a test class its own SoftHSM2 token (own {@code SOFTHSM2_CONF}), with keys generated on the
 * token by pkcs11-tool and certificates issued by a Bouncy Castle test CA, Belarusian- and
 * Russian-style subjects included. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final SoftHsmExtension HSM = SoftHsmExtension.standard();}</pre>
 *
 * <p>Keys (name: type, CKA_ID, subject): {@code rsa}: RSA-2048, 01, Belarusian citizen;
 * {@code ec}: P-256, 02, Russian citizen; {@code ec384}: P-384, 03, Belarusian head of organisation;
 * {@code always}: P-256 with CKA_ALWAYS_AUTHENTICATE, 04; {@code ed}: Ed25519, 05, Russian director;
 * {@code mismatched}: P-256 key 06 whose certificate was stored under CKA_ID 66 (pairing must fall
 * back to the public key). The CA certificate is on the token too, without a key.
 */
public final class SoftHsmExtension implements BeforeAllCallback, AfterAllCallback {

    /** A key the fixture made, with its certificate. */
    public record FixtureKey(String name, String idHex, SubjectPublicKeyInfo publicKey, X509Certificate certificate) {}

    private final boolean withKeys;
    private final Map<String, FixtureKey> keys = new LinkedHashMap<>();
    private SoftHsm hsm;
    private TestCa ca;
    private Pkcs11Provider provider;

    private SoftHsmExtension(boolean withKeys) {
        this.withKeys = withKeys;
    }

    /** A token with the standard keys and certificates. */
    public static SoftHsmExtension standard() {
        return new SoftHsmExtension(true);
    }

    /** An initialised token without objects. */
    public static SoftHsmExtension empty() {
        return new SoftHsmExtension(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path base = Path.of(System.getProperty("pechatka.test.tmp", "target/tmp"));
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, "softhsm-" + context.getRequiredTestClass().getSimpleName() + "-");
        hsm = SoftHsm.create(dir, "Pechatka Test");
        ca = TestCa.create("Pechatka Test CA");
        if (withKeys) {
            key("rsa", "rsa:2048", "01", false, TestSubjects::belarusCitizen);
            key("ec", "EC:prime256v1", "02", false, TestSubjects::russianCitizen);
            key("ec384", "EC:secp384r1", "03", false, TestSubjects::belarusHeadOfOrganisation);
            key("always", "EC:prime256v1", "04", true, TestSubjects::belarusCitizen);
            key("ed", "EC:edwards25519", "05", false, TestSubjects::russianDirector);
            SubjectPublicKeyInfo spki = hsm.generateKey("EC:prime256v1", "06", "mismatched", false);
            X509Certificate cert = ca.issue(spki, TestSubjects.russianCitizen());
            hsm.writeCertificate(cert, "66", "mismatched");
            keys.put("mismatched", new FixtureKey("mismatched", "06", spki, cert));
            hsm.writeCertificate(ca.caCertificate(), null, "Pechatka Test CA");
        }
        hsm.activateInProcess();
    }

    private void key(String name, String type, String idHex, boolean always, Supplier<X500Name> subject)
            throws IOException {
        SubjectPublicKeyInfo spki = hsm.generateKey(type, idHex, name, always);
        X509Certificate cert = ca.issue(spki, subject.get());
        hsm.writeCertificate(cert, idHex, name);
        keys.put(name, new FixtureKey(name, idHex, spki, cert));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }

    public SoftHsm hsm() {
        return hsm;
    }

    public TestCa ca() {
        return ca;
    }

    public FixtureKey key(String name) {
        FixtureKey k = keys.get(name);
        if (k == null) {
            throw new IllegalArgumentException("no fixture key " + name);
        }
        return k;
    }

    public Map<String, FixtureKey> keys() {
        return keys;
    }

    /** The SoftHSM2 module loaded in this JVM (once per class; closed after the class). */
    public Pkcs11Provider provider() {
        return provider(Pkcs11Provider.Options.DEFAULT);
    }

    /**
     * The module loaded with these options; the options count only when it is not loaded yet
     * ({@link #closeProvider} first to change them).
     */
    public Pkcs11Provider provider(Pkcs11Provider.Options options) {
        if (provider == null) {
            hsm.activateInProcess();
            provider = Pkcs11Provider.load(SoftHsm.library().toString(), options);
            if (!provider.status().loaded()) {
                throw new AssertionError("SoftHSM2 did not load: " + provider.status().description());
            }
        }
        return provider;
    }

    /** Loads the module anew (after {@link #closeProvider}). */
    public void closeProvider() {
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }
}
