package org.pechatka.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pechatka.cert.Signatures;
import org.pechatka.crypto.Bc;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.file.Pkcs12Writer;
import org.junit.jupiter.api.Test;

/**
 * A request whose key is made in memory for a new key file: every kind of key a key file holds,
 * the request verified with its own key, and the key present in the file only shrouded (PBES2),
 * readable with the password and with the localKeyId a certificate for it will carry.
 */
class CsrInMemoryTest {

    private static final char[] PASSWORD = "Correct horse 7".toCharArray();

    @ParameterizedTest
    @ValueSource(strings = {"EC-P256", "EC-P384", "RSA-2048", "BIGN-128", "GOST-2012-256", "GOST-2012-512"})
    void makesTheRequestAndAnEncryptedKeyFile(String keyName) throws Exception {
        KeyInfo key = KeyInfo.byProtocolName(keyName).orElseThrow();
        X500Name subject = SubjectSpec.of(List.of(new SubjectSpec.Attribute("CN", "Шыманская Вольга"),
                new SubjectSpec.Attribute("C", "BY")));
        CsrService.KeyFileCreated made = CsrService.createInMemory(
                new CsrService.Spec(key, subject, "/EPWD:0A1B/INFO:test", "Pechatka test"), PASSWORD);

        assertThat(Signatures.verifies(made.request())).as("the request verifies with its own key").isTrue();
        assertThat(made.request().getSubject()).isEqualTo(subject);
        assertThat(KeyInfo.of(made.request().getSubjectPublicKeyInfo()).protocolName()).isEqualTo(keyName);
        assertThat(made.request().getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword)).hasSize(1);

        PKCS12PfxPdu pfx = new PKCS12PfxPdu(made.keyFile());
        assertThat(pfx.isMacValid(new JcePKCS12MacCalculatorBuilderProvider().setProvider(Bc.PROVIDER), PASSWORD))
                .isTrue();
        assertThat(pfx.isMacValid(new JcePKCS12MacCalculatorBuilderProvider().setProvider(Bc.PROVIDER),
                "wrong".toCharArray())).isFalse();
        PKCS12SafeBag[] bags = new PKCS12SafeBagFactory(pfx.getContentInfos()[0]).getSafeBags();
        assertThat(bags).hasSize(1);
        assertThat(bags[0].getType()).as("the key only shrouded, never a plain key bag")
                .isEqualTo(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag);
        PrivateKeyInfo inside = ((PKCS8EncryptedPrivateKeyInfo) bags[0].getBagValue()).decryptPrivateKeyInfo(
                new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(PASSWORD));
        assertThat(inside.getPrivateKeyAlgorithm().getAlgorithm())
                .isEqualTo(made.publicKey().getAlgorithm().getAlgorithm());
        assertThat(bags[0].getAttributes()).anySatisfy(a -> assertThat(a.getAttrValues().getObjectAt(0).toString())
                .isEqualTo("#" + java.util.HexFormat.of().formatHex(made.keyId())));
        assertThat(made.keyId()).isEqualTo(Pkcs12Writer.localKeyId(made.publicKey()));
    }

    @Test
    void refusesKeysAKeyFileCannotHold() {
        assertThatThrownBy(() -> CsrService.checkCanCreateInMemory(KeyInfo.byProtocolName("BIGN-192").orElseThrow()))
                .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
        assertThatThrownBy(() -> CsrService.checkCanCreateInMemory(KeyInfo.byProtocolName("ED25519").orElseThrow()))
                .isInstanceOf(PechatkaException.AlgorithmUnsupported.class);
    }
}
