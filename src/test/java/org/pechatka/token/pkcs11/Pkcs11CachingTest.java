package org.pechatka.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.PinRequest;
import org.pechatka.token.SignInput;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenSession;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.testing.SignatureCheck;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestSubjects;

/**
 * What the PKCS#11 adapter remembers between operations, against a real SoftHSM2 token: the admin
 * policy's PIN cache (a login kept until a deadline, never letting a wrong PIN through), the last
 * certificate listing, and private key handles (checked again before use).
 */
class Pkcs11CachingTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final byte[] DATA = "Заява".getBytes(StandardCharsets.UTF_8);

    @AfterEach
    void unload() {
        HSM.closeProvider();
    }

    private static Token token(Duration pinCache) {
        List<Token> tokens = HSM.provider(Pkcs11Provider.Options.DEFAULT.withPinCache(pinCache)).tokens();
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }

    private static KeyRef ref(String key) {
        SoftHsmExtension.FixtureKey k = HSM.key(key);
        return new KeyRef(HexFormat.of().parseHex(k.idHex()), k.publicKey());
    }

    private static void signAndVerify(TokenSession s, String key) throws Exception {
        byte[] raw = s.sign(ref(key), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
        assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_ECDSA, HSM.key(key).publicKey(), DATA, raw)).isTrue();
    }

    @Test
    void whenPinCacheIsOff_thenEveryOpenAsksForThePinAndCloseLogsOut() throws Exception {
        Token token = token(Duration.ZERO);
        ScriptedPins pins = new ScriptedPins(SoftHsm.USER_PIN, SoftHsm.USER_PIN);
        try (TokenSession s = token.open(pins, TokenSession.Access.READ_ONLY)) {
            signAndVerify(s, "ec");
        }
        // logged out: without a login the private keys are invisible
        assertThat(token.certificates()).noneMatch(c -> c.keyStatus() == KeyStatus.PRIVATE_KEY);
        try (TokenSession s = token.open(pins, TokenSession.Access.READ_ONLY)) {
            signAndVerify(s, "ec");
        }
        assertThat(pins.requests()).hasSize(2);
    }

    @Test
    void whenPinCacheIsOn_thenTheNextOpenReusesTheLoginWithoutAskingAndKeyIsFoundAgain() throws Exception {
        Token token = token(Duration.ofMinutes(5));
        ScriptedPins first = new ScriptedPins(SoftHsm.USER_PIN);
        try (TokenSession s = token.open(first, TokenSession.Access.READ_ONLY)) {
            signAndVerify(s, "ec");
        }
        ScriptedPins none = new ScriptedPins(); // fails the test if the PIN dialog is shown
        for (int i = 0; i < 3; i++) {
            try (TokenSession s = token.open(none, TokenSession.Access.READ_ONLY)) {
                signAndVerify(s, "ec"); // the remembered key handle, checked again
                signAndVerify(s, "ec384");
            }
        }
        assertThat(first.requests()).hasSize(1);
        assertThat(none.requests()).isEmpty();
    }

    @Test
    void whenCachedLoginAndAKeyThatAlwaysAuthenticates_thenItsPinIsStillAskedForEverySignature() throws Exception {
        Token token = token(Duration.ofMinutes(5));
        try (TokenSession s = token.open(new ScriptedPins(SoftHsm.USER_PIN), TokenSession.Access.READ_ONLY)) {
            signAndVerify(s, "ec");
        }
        ScriptedPins pins = new ScriptedPins(SoftHsm.USER_PIN);
        try (TokenSession s = token.open(pins, TokenSession.Access.READ_ONLY)) {
            signAndVerify(s, "always");
        }
        assertThat(pins.requests()).extracting(PinRequest::kind).containsExactly(PinRequest.Kind.CONTEXT_SPECIFIC);
    }

    @Test
    void whenPinCacheDeadlinePasses_thenThePinIsAskedAndAWrongOneIsRefused() throws Exception {
        Token token = token(Duration.ofMillis(200));
        try (TokenSession s = token.open(new ScriptedPins(SoftHsm.USER_PIN), TokenSession.Access.READ_ONLY)) {
            signAndVerify(s, "ec");
        }
        Thread.sleep(400); // past the deadline: however slow the machine, the login is over
        assertThat(token.certificates()).as("logged out at the deadline")
                .noneMatch(c -> c.keyStatus() == KeyStatus.PRIVATE_KEY);
        ScriptedPins pins = new ScriptedPins("000000", SoftHsm.USER_PIN);
        try (TokenSession s = token.open(pins, TokenSession.Access.READ_ONLY)) {
            signAndVerify(s, "ec");
        }
        assertThat(pins.requests()).hasSize(2);
        assertThat(pins.requests().get(1).previousFailure())
                .as("the wrong PIN was checked by the token, not waved through by an old login")
                .isInstanceOf(PechatkaException.PinIncorrect.class);
    }

    @Test
    void whenPinIsForgotten_thenTheNextOpenAsksAgainAndChecksThePin() throws Exception {
        Token token = token(Duration.ofMinutes(5));
        try (TokenSession s = token.open(new ScriptedPins(SoftHsm.USER_PIN), TokenSession.Access.READ_ONLY)) {
            signAndVerify(s, "ec");
        }
        token.forgetPin();
        assertThat(token.certificates()).noneMatch(c -> c.keyStatus() == KeyStatus.PRIVATE_KEY);
        ScriptedPins wrongOnly = new ScriptedPins("000000", ScriptedPins.CANCEL);
        assertThatThrownBy(() -> token.open(wrongOnly, TokenSession.Access.READ_ONLY))
                .isInstanceOf(PechatkaException.UserCancelled.class);
        assertThat(wrongOnly.requests()).hasSize(2);
        assertThat(wrongOnly.requests().get(1).previousFailure()).isInstanceOf(PechatkaException.PinIncorrect.class);
    }

    @Test
    void whenCachedLoginIsReadOnlyAndAWriteIsNeeded_thenAReadWriteSessionSharesTheLogin() throws Exception {
        Token token = token(Duration.ofMinutes(5));
        try (TokenSession s = token.open(new ScriptedPins(SoftHsm.USER_PIN), TokenSession.Access.READ_ONLY)) {
            signAndVerify(s, "ec");
        }
        List<TokenCertificate> before = token.certificates(Duration.ofMinutes(10));
        ScriptedPins none = new ScriptedPins();
        KeyRef generated;
        try (TokenSession s = token.open(none, TokenSession.Access.READ_WRITE)) {
            generated = s.generateKeyPair(KeyInfo.of(HSM.key("ec").publicKey()), "cached-login-key");
            X509Certificate cert = HSM.ca().issue(generated.publicKey(), TestSubjects.belarusCitizen());
            assertThat(s.storeCertificate(cert, generated.keyId(), "cached-login-cert").alreadyPresent()).isFalse();
            byte[] raw = s.sign(generated, SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_ECDSA, generated.publicKey(), DATA, raw)).isTrue();
        }
        assertThat(none.requests()).isEmpty();
        // the write made Pechatka forget its listing: even a lookup allowing an old one sees the new certificate
        List<TokenCertificate> after = token.certificates(Duration.ofMinutes(10));
        assertThat(after).hasSize(before.size() + 1);
        assertThat(after).anyMatch(c -> java.util.Arrays.equals(c.keyId(), generated.keyId()));
    }

    @Test
    void whenListingIsYoungEnough_thenItIsReusedAndAFreshListingSeesOtherProgramsWrites() throws Exception {
        Token token = token(Duration.ZERO);
        List<TokenCertificate> first = token.certificates();
        assertThat(token.certificates(Duration.ofMinutes(10))).isSameAs(first);
        assertThat(token.certificates(Duration.ZERO)).isNotSameAs(first).isEqualTo(first);

        // another program adds a certificate: the person's view (a fresh listing) shows it at once
        X509Certificate other = HSM.ca().issue(HSM.key("ec").publicKey(), TestSubjects.russianCitizen());
        HSM.hsm().writeCertificate(other, null, "written by pkcs11-tool");
        List<TokenCertificate> fresh = token.certificates();
        assertThat(fresh).hasSize(first.size() + 1);
        assertThat(token.certificates(Duration.ofMinutes(10))).isSameAs(fresh);
    }

    @Test
    void whenARememberedKeyIsDeletedByAnotherProgram_thenSigningSaysKeyNotFound() throws Exception {
        Token token = token(Duration.ofMinutes(5));
        SoftHsm hsm = HSM.hsm();
        SoftHsmExtension.FixtureKey victim = HSM.key("ed");
        try (TokenSession s = token.open(new ScriptedPins(SoftHsm.USER_PIN), TokenSession.Access.READ_ONLY)) {
            byte[] raw = s.sign(ref("ed"), SignatureAlgorithms.ED25519, SignInput.data(DATA));
            assertThat(SignatureCheck.jca(SignatureAlgorithms.ED25519, victim.publicKey(), DATA, raw)).isTrue();
        }
        hsm.pkcs11Tool(true, List.of("--delete-object", "--type", "privkey", "--id", victim.idHex()));
        try (TokenSession s = token.open(new ScriptedPins(), TokenSession.Access.READ_ONLY)) {
            assertThatThrownBy(() -> s.sign(ref("ed"), SignatureAlgorithms.ED25519, SignInput.data(DATA)))
                    .isInstanceOf(PechatkaException.KeyNotFound.class);
        }
    }
}
