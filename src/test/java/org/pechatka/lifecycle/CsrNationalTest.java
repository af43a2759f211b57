package org.pechatka.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pechatka.cert.CertificateRequests;
import org.pechatka.cert.Signatures;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.NationalOids;
import org.pechatka.error.PechatkaException;
import org.pechatka.testing.NationalCa;
import org.pechatka.testing.P11Bign;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenKind;
import org.pechatka.token.TokenSession;
import org.pechatka.token.pkcs11.Pkcs11Provider;

/**
 * The lifecycle services on a token with Belarusian bign and Russian GOST keys (the p11bign test
 * module, a PKCS#11 library in C): a new key generated on the token, a request signed there with
 * bign-with-hbelt or GOST R 34.10-2012 and verified, the issued certificate stored next to the key.
 */
class CsrNationalTest {

    private static final String PIN = "4321";

    @TempDir
    Path dir;

    private Pkcs11Provider provider;

    @AfterEach
    void unload() {
        if (provider != null) {
            provider.close();
        }
    }

    private Token load() {
        P11Bign.token().label("national").pin(PIN).mechanisms(P11Bign.CKM_EC_KEY_PAIR_GEN, P11Bign.CKM_BIGN,
                        P11Bign.CKM_BIGN_HBELT, P11Bign.CKM_GOSTR3410_KEY_PAIR_GEN, P11Bign.CKM_GOSTR3410)
                .curve(P11Bign.Curve.bign(128)).curve(P11Bign.Curve.gost("Tc26-Gost-3410-12-256-paramSetA"))
                .write(dir.resolve("p11bign.conf")).activateInProcess();
        provider = Pkcs11Provider.load(P11Bign.library().toString(), Pkcs11Provider.Options.DEFAULT);
        assertThat(provider.status().loaded()).as(provider.status().description()).isTrue();
        return provider.tokens().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BIGN-128", "GOST-2012-256"})
    void whenANationalKeyIsRequested_thenTheTokenMakesItSignsTheRequestAndTakesTheIssuedCertificate(String name)
            throws Exception {
        Token token = load();
        KeyInfo key = KeyInfo.byProtocolName(name).orElseThrow();
        CsrService.checkCanCreate(token, TokenKind.PKCS11, key);
        var subject = CertificateRequests.belarusOrder(TestSubjects.belarusCitizen());
        String challenge = CertificateRequests.belarusChallenge(new byte[] {0x0A, 0x1B}, "renewal");
        CsrService.Created created;
        try (TokenSession s = token.open(new ScriptedPins(PIN), TokenSession.Access.READ_WRITE)) {
            created = CsrService.create(s, new CsrService.Spec(key, subject, challenge, "national key"));
        }
        PKCS10CertificationRequest req = created.request();
        assertThat(Signatures.verifies(req)).as("the request's signature verifies with its own key").isTrue();
        assertThat(req.getSignatureAlgorithm().getAlgorithm()).isEqualTo(name.startsWith("BIGN")
                ? NationalOids.BIGN_WITH_HBELT : NationalOids.SIGN_GOST3410_12_256);
        assertThat(req.getSubject().getEncoded()).isEqualTo(subject.getEncoded());
        assertThat(req.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword)[0].getAttrValues()
                .getObjectAt(0).toString()).isEqualTo("/EPWD:0A1B/INFO:renewal");
        assertThat(KeyInfo.of(req.getSubjectPublicKeyInfo()).protocolName()).isEqualTo(name);
        assertThat(created.pem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");

        // the CA issues for the request's key; the certificate goes next to the new key
        NationalCa ca = NationalCa.create(name.startsWith("BIGN") ? NationalCa.Kind.BIGN : NationalCa.Kind.GOST_256,
                "National CA");
        X509Certificate issued = ca.issue(subject, req.getSubjectPublicKeyInfo()).certificate();
        CertificateImport.Parsed parsed = CertificateImport.parse(issued.getEncoded(), List.of());
        CertificateImport.checkTrusted(parsed, new TrustAnchors(List.of(ca.certificate())), List.of(), Instant.now());
        try (TokenSession s = token.open(new ScriptedPins(PIN), TokenSession.Access.READ_WRITE)) {
            CertificateImport.Stored stored = CertificateImport.store(s, parsed, null, true);
            assertThat(stored.keyId()).isEqualTo(created.key().keyId());
            assertThat(stored.alreadyPresent()).isFalse();
            TokenCertificate onToken = s.certificates().stream().filter(c -> c.certId().equals(stored.certId()))
                    .findFirst().orElseThrow();
            assertThat(onToken.keyId()).isEqualTo(created.key().keyId());
            assertThat(onToken.keyStatus().usable()).isTrue();
        }
        assertThatThrownBy(() -> CertificateImport.checkTrusted(parsed, new TrustAnchors(List.of(
                NationalCa.create(NationalCa.Kind.BIGN, "Another CA").certificate())), List.of(), Instant.now()))
                .isInstanceOf(PechatkaException.CertificateUnusable.class);
    }

    @Test
    void whenTheTokenCannotMakeTheKey_thenAlgorithmUnsupportedBeforeAnyPin() {
        Token token = load();
        assertThatThrownBy(() -> CsrService.checkCanCreate(token, TokenKind.PKCS11,
                KeyInfo.byProtocolName("RSA-2048").orElseThrow()))
                .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
        assertThatThrownBy(() -> CsrService.checkCanCreate(token, TokenKind.KEY_FILE,
                KeyInfo.byProtocolName("BIGN-128").orElseThrow()))
                .isInstanceOf(PechatkaException.OperationNotAllowed.class);
    }
}
