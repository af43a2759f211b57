package org.pechatka.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.error.PechatkaException;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.KeyRef;
import org.pechatka.token.KeyWithoutCertificate;
import org.pechatka.token.PinRules;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;

/**
 * Token care against a real SoftHSM2 token: keys without a certificate, deleting certificates and
 * keys (only the objects meant, compared with pkcs11-tool's object list), changing the user PIN and
 * setting a new one with the SO PIN.
 */
class Pkcs11HousekeepingTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static Token token() {
        return HSM.provider().tokens().get(0);
    }

    private static TokenSession rw(String pin) throws PechatkaException {
        return token().open(PinSource.fixed(pin.toCharArray()), TokenSession.Access.READ_WRITE);
    }

    private static List<String> objects() throws Exception {
        return HSM.hsm().pkcs11Tool(true, List.of("--list-objects")).lines().sorted().toList();
    }

    private static KeyRef newKey(String label) throws Exception {
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            return s.generateKeyPair(KeyInfo.byProtocolName("EC-P256").orElseThrow(), label);
        }
    }

    @Test
    void whenKeyHasNoCertificate_thenItIsListedAndDeletedAlone() throws Exception {
        assertThat(token().keysWithoutCertificate()).as("every fixture key has a certificate").isEmpty();
        List<String> before = objects();
        KeyRef key = newKey("abandoned request");

        List<KeyWithoutCertificate> loose = token().keysWithoutCertificate();
        assertThat(loose).singleElement().satisfies(k -> {
            assertThat(k.keyId()).isEqualTo(key.keyId());
            assertThat(k.label()).isEqualTo("abandoned request");
            assertThat(k.keyDescription()).contains("256");
        });
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            assertThat(s.keysWithoutCertificate()).containsExactlyElementsOf(loose);
            s.deleteKey(loose.get(0));
        }
        assertThat(token().keysWithoutCertificate()).isEmpty();
        assertThat(objects()).isEqualTo(before);
    }

    @Test
    void whenKeyHasCertificate_thenDeleteKeyRefusesAndChangesNothing() throws Exception {
        List<String> before = objects();
        KeyWithoutCertificate fixture = new KeyWithoutCertificate(token().id(), HexFormat.of().parseHex("01"), "rsa",
                "");
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            assertThatThrownBy(() -> s.deleteKey(fixture)).isInstanceOf(PechatkaException.OperationNotAllowed.class);
            KeyWithoutCertificate absent = new KeyWithoutCertificate(token().id(), new byte[] {0x7f, 0x7e}, "", "");
            assertThatThrownBy(() -> s.deleteKey(absent)).isInstanceOf(PechatkaException.KeyNotFound.class);
        }
        assertThat(objects()).isEqualTo(before);
    }

    @Test
    void whenCertificateDeleted_thenOnlyItGoesAndItsKeyIsLeftWithoutCertificate() throws Exception {
        List<String> before = objects();
        KeyRef key = newKey("renewal");
        X509Certificate cert = HSM.ca().issue(key.publicKey(), TestSubjects.belarusCitizen());
        TokenCertificate onToken;
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            s.storeCertificate(cert, key.keyId(), "renewal");
            onToken = s.certificates().stream().filter(c -> c.certificate().equals(cert)).findFirst().orElseThrow();
            s.deleteCertificate(onToken, false);
        }
        assertThat(token().certificates()).noneMatch(c -> c.certificate().equals(cert));
        assertThat(token().keysWithoutCertificate()).singleElement()
                .satisfies(k -> assertThat(k.keyId()).isEqualTo(key.keyId()));
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            assertThatThrownBy(() -> s.deleteCertificate(onToken, true))
                    .as("the certificate is gone already").isInstanceOf(PechatkaException.KeyNotFound.class);
            s.deleteKey(s.keysWithoutCertificate().get(0));
        }
        assertThat(objects()).isEqualTo(before);
    }

    @Test
    void whenCertificateDeletedWithKey_thenKeyGoesUnlessAnotherCertificateUsesIt() throws Exception {
        List<String> before = objects();
        KeyRef key = newKey("two certificates");
        X509Certificate first = HSM.ca().issue(key.publicKey(), TestSubjects.belarusCitizen());
        X509Certificate second = HSM.ca().issue(key.publicKey(), TestSubjects.belarusHeadOfOrganisation());
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            s.storeCertificate(first, key.keyId(), "first");
            s.storeCertificate(second, key.keyId(), "second");
        }
        List<String> withBoth = objects();
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            TokenCertificate c1 = find(s, first);
            assertThatThrownBy(() -> s.deleteCertificate(c1, true))
                    .isInstanceOf(PechatkaException.OperationNotAllowed.class).hasMessageContaining("Another certificate");
        }
        assertThat(objects()).as("nothing deleted when refused").isEqualTo(withBoth);
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            s.deleteCertificate(find(s, first), false);
            s.deleteCertificate(find(s, second), true);
        }
        assertThat(token().keysWithoutCertificate()).isEmpty();
        assertThat(objects()).isEqualTo(before);
    }

    private static TokenCertificate find(TokenSession s, X509Certificate cert) throws PechatkaException {
        return s.certificates().stream().filter(c -> c.certificate().equals(cert)).findFirst().orElseThrow();
    }

    @Test
    void whenPinChanged_thenOnlyTheNewPinLogsIn() throws Exception {
        PinRules rules = token().pinRules();
        assertThat(rules.canChange()).isTrue();
        assertThat(rules.canUnblock()).isTrue();
        assertThat(rules.minLength()).isEqualTo(4);
        assertThat(rules.maxLength()).isEqualTo(255);

        assertThatThrownBy(() -> token().changePin("0000".toCharArray(), "5678".toCharArray()))
                .isInstanceOf(PechatkaException.PinIncorrect.class);
        try {
            token().changePin(SoftHsm.USER_PIN.toCharArray(), "5678".toCharArray());
            try (TokenSession s = rw("5678")) {
                assertThat(s.certificates()).isNotEmpty();
            }
            assertThatThrownBy(() -> rw(SoftHsm.USER_PIN)).isInstanceOf(PechatkaException.PinIncorrect.class);
        } finally {
            token().changePin("5678".toCharArray(), SoftHsm.USER_PIN.toCharArray());
        }
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            assertThat(s.certificates()).isNotEmpty();
        }
    }

    /**
     * SoftHSM2 counts no wrong user PINs (it never reports the PIN locked), so the lock itself is
     * not reproduced here; what unblocking does — a new user PIN set after an SO login — is.
     */
    @Test
    void whenSoPinGiven_thenNewUserPinIsSet() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> rw("9999")).isInstanceOf(PechatkaException.PinIncorrect.class);
        }
        assertThat(token().info().pin().locked()).as("SoftHSM2 does not lock").isFalse();
        assertThatThrownBy(() -> token().unblockPin("00000000".toCharArray(), "4321".toCharArray()))
                .isInstanceOf(PechatkaException.PinIncorrect.class).hasMessageContaining("SO PIN");
        try {
            token().unblockPin(SoftHsm.SO_PIN.toCharArray(), "4321".toCharArray());
            try (TokenSession s = rw("4321")) {
                assertThat(s.certificates()).isNotEmpty();
            }
        } finally {
            token().unblockPin(SoftHsm.SO_PIN.toCharArray(), SoftHsm.USER_PIN.toCharArray());
        }
        try (TokenSession s = rw(SoftHsm.USER_PIN)) {
            assertThat(s.certificates()).isNotEmpty();
        }
    }
}
