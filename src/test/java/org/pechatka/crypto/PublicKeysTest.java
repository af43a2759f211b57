package org.pechatka.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The national SubjectPublicKeyInfo forms and the canonical comparison of GOST keys. */
class PublicKeysTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Tc26-Gost-3410-12-256-paramSetB, 64", "Tc26-Gost-3410-12-512-paramSetA, 128"})
    void whenAGostKeyIsRebuiltFromItsTokenAttributes_thenItIsTheSameKeyAsBouncyCastlesSpki(String curve, int octets)
            throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("ECGOST3410-2012", Bc.PROVIDER);
        g.initialize(new ECGenParameterSpec(curve));
        SubjectPublicKeyInfo bc = SubjectPublicKeyInfo.getInstance(g.generateKeyPair().getPublic().getEncoded());
        ASN1ObjectIdentifier paramSet = (ASN1ObjectIdentifier) ASN1Sequence.getInstance(
                bc.getAlgorithm().getParameters()).getObjectAt(0);
        byte[] xy = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(bc.getPublicKeyData().getBytes()))
                .getOctets();
        assertThat(xy).hasSize(octets);

        SubjectPublicKeyInfo fromToken = PublicKeys.gost2012(paramSet, xy);
        assertThat(PublicKeys.same(bc, fromToken)).isTrue();
        assertThat(KeyInfo.of(fromToken).bits()).isEqualTo(octets * 4);

        // with a digestParamSet in the certificate, still the same key; another key is not
        SubjectPublicKeyInfo withDigest = new SubjectPublicKeyInfo(new AlgorithmIdentifier(
                bc.getAlgorithm().getAlgorithm(), new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {paramSet,
                        (octets == 64 ? HashAlgorithm.STREEBOG_256 : HashAlgorithm.STREEBOG_512).oid()})),
                bc.getPublicKeyData().getBytes());
        assertThat(withDigest).isNotEqualTo(fromToken);
        assertThat(PublicKeys.same(withDigest, fromToken)).isTrue();
        byte[] other = xy.clone();
        other[0] ^= 1;
        assertThat(PublicKeys.same(bc, PublicKeys.gost2012(paramSet, other))).isFalse();
    }

    @Test
    void whenAGostKeyHasAnImpossibleLength_thenRefused() {
        assertThatThrownBy(() -> PublicKeys.gost2012(new ASN1ObjectIdentifier("1.2.643.7.1.2.1.1.1"), new byte[65]))
                .isInstanceOf(IOException.class);
    }

    @Test
    void whenABignKeyIsBuilt_thenItsSpkiIsTheStbForm() throws Exception {
        byte[] xy = new byte[64];
        xy[0] = 1;
        SubjectPublicKeyInfo spki = PublicKeys.bign(NationalOids.BIGN_CURVE256V1, xy);
        assertThat(spki.getAlgorithm().getAlgorithm()).isEqualTo(NationalOids.BIGN_PUBKEY);
        assertThat(spki.getAlgorithm().getParameters()).isEqualTo(NationalOids.BIGN_CURVE256V1);
        assertThat(spki.getPublicKeyData().getBytes()).isEqualTo(xy); // raw, no OCTET STRING, no 0x04
        assertThat(PublicKeys.canonical(spki)).isSameAs(spki);
        assertThat(KeyInfo.of(spki).protocolName()).isEqualTo("BIGN-128");
    }
}
