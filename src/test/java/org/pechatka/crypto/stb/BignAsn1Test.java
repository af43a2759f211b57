package org.pechatka.crypto.stb;

import org.pechatka.testing.Vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.pechatka.crypto.NationalOids;

class BignAsn1Test {

    private static final Vectors BIGN = Vectors.load("bign.txt");
    private static final BignCurve C128 = BignCurve.BIGN_CURVE256V1;
    private static final HexFormat HEX = HexFormat.of();

    private static BignPublicKey q() throws Exception {
        return BignPublicKey.of(C128, BIGN.hex("G1_pubkey_Q_xy_le"));
    }

    @Test
    void whenTheG1KeyIsWrittenAsSpki_thenTheDerOfTheVectorsAndReadBack() throws Exception {
        SubjectPublicKeyInfo spki = BignAsn1.subjectPublicKeyInfo(q());

        assertThat(spki.getEncoded(ASN1Encoding.DER)).isEqualTo(BIGN.hex("G1_spki_der"));
        assertThat(BignAsn1.publicKey(SubjectPublicKeyInfo.getInstance(BIGN.hex("G1_spki_der")))).isEqualTo(q());
    }

    @Test
    void whenTheCurvesEcParametersAreEncoded_thenBee2sDerAndDecodedToTheSameCurve() throws Exception {
        for (BignCurve c : BignCurve.values()) {
            byte[] der = BignCurveTest.le(c).hex("ECParameters_der");

            assertThat(BignAsn1.ecParameters(c).getEncoded(ASN1Encoding.DER)).as(c.toString()).isEqualTo(der);
            assertThat(BignAsn1.curve(ASN1Sequence.getInstance(der), null)).isEqualTo(c);
        }
    }

    @Test
    void whenSpkiCarriesSpecifiedOrImplicitParameters_thenTheKeyOnTheStandardCurve() throws Exception {
        byte[] xy = BIGN.hex("G1_pubkey_Q_xy_le");
        SubjectPublicKeyInfo specified = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, BignAsn1.ecParameters(C128)), xy);
        SubjectPublicKeyInfo implicit = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, DERNull.INSTANCE), xy);
        SubjectPublicKeyInfo absent = new SubjectPublicKeyInfo(new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY), xy);

        assertThat(BignAsn1.publicKey(specified)).isEqualTo(q());
        assertThat(BignAsn1.publicKey(implicit, C128)).isEqualTo(q());
        assertThat(BignAsn1.publicKey(absent, C128)).isEqualTo(q());
        assertThatThrownBy(() -> BignAsn1.publicKey(implicit)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("implicit");
    }

    @Test
    void whenSpkiIsNotAValidStandardBignKey_thenRefused() throws Exception {
        byte[] xy = BIGN.hex("G1_pubkey_Q_xy_le");
        ASN1Sequence params = BignAsn1.ecParameters(C128);
        ASN1Encodable[] changed = params.toArray();
        ASN1Sequence ab = ASN1Sequence.getInstance(changed[2]);
        byte[] b = ((DEROctetString) ab.getObjectAt(1)).getOctets();
        b[0] ^= 1;
        changed[2] = new DERSequence(new ASN1Encodable[] {ab.getObjectAt(0), new DEROctetString(b)});
        ASN1Encodable[] version2 = params.toArray();
        version2[0] = new ASN1Integer(2);

        for (ASN1Encodable bad : new ASN1Encodable[] {new DERSequence(changed), new DERSequence(version2),
                new ASN1ObjectIdentifier("1.2.112.0.2.0.34.101.45.3.0"), new DEROctetString(new byte[1]),
                new DERSequence(new ASN1Integer(1))}) {
            SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, bad), xy);
            assertThatThrownBy(() -> BignAsn1.publicKey(spki, C128)).as(bad.toString())
                    .isInstanceOf(InvalidKeyException.class);
        }
        SubjectPublicKeyInfo ec = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.2.1"), C128.oid()), xy);
        assertThatThrownBy(() -> BignAsn1.publicKey(ec)).isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("not a bign key");
        SubjectPublicKeyInfo padded = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, C128.oid()), new DERBitString(xy, 1));
        assertThatThrownBy(() -> BignAsn1.publicKey(padded)).isInstanceOf(InvalidKeyException.class);
        byte[] offCurve = xy.clone();
        offCurve[63] ^= 1;
        SubjectPublicKeyInfo invalid = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, C128.oid()), offCurve);
        assertThatThrownBy(() -> BignAsn1.publicKey(invalid)).isInstanceOf(InvalidKeyException.class);
        SubjectPublicKeyInfo otherLevel = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, BignCurve.BIGN_CURVE384V1.oid()), xy);
        assertThatThrownBy(() -> BignAsn1.publicKey(otherLevel)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void whenAnyOctetOfTheG1SpkiChanges_thenNoKeyOrARefusal() {
        byte[] der = BIGN.hex("G1_spki_der");
        int refused = 0;
        for (int i = 0; i < der.length; i++) {
            byte[] bad = der.clone();
            bad[i] ^= 0x01;
            SubjectPublicKeyInfo spki;
            try {
                spki = SubjectPublicKeyInfo.getInstance(bad);
            } catch (IllegalArgumentException notAsn1) {
                continue;
            }
            assertThatThrownBy(() -> BignAsn1.publicKey(spki, C128)).as("octet %d", i)
                    .isInstanceOf(InvalidKeyException.class);
            refused++;
        }
        assertThat(refused).as("most flips still parse as a SubjectPublicKeyInfo").isGreaterThan(64);
    }

    @Test
    void whenThePrivateKeyIsWrittenAsPkcs8_thenBpkisLayoutWithTheRawKeyAndReadBack() throws Exception {
        byte[] d = BIGN.hex("G1_privkey_d_le");
        BignPrivateKey key = BignPrivateKey.of(C128, d);

        PrivateKeyInfo info = BignAsn1.privateKeyInfo(key);

        // SEQ { INTEGER 0, SEQ { bign-pubkey, bign-curve256v1 }, OCTET STRING d }: d is not wrapped again
        assertThat(info.getEncoded(ASN1Encoding.DER)).isEqualTo(Octets.concat(HEX.parseHex("303F020100"
                + "3018060A2A7000020022652D0201060A2A7000020022652D0301" + "0420"), d));
        assertThat(BignAsn1.privateKey(PrivateKeyInfo.getInstance(info.getEncoded())).encoded()).isEqualTo(d);
    }

    @Test
    void whenPrivateKeysOfEveryLevelRoundTrip_thenTheSameKey() throws Exception {
        for (BignCurve c : BignCurve.values()) {
            BignPrivateKey key = BignPrivateKey.generate(c, new SecureRandom());
            byte[] der = BignAsn1.privateKeyInfo(key).getEncoded(ASN1Encoding.DER);

            BignPrivateKey back = BignAsn1.privateKey(PrivateKeyInfo.getInstance(der));

            assertThat(back.curve()).isEqualTo(c);
            assertThat(back.encoded()).isEqualTo(key.encoded());
            assertThat(BignAsn1.publicKey(BignAsn1.subjectPublicKeyInfo(key.publicKey()))).isEqualTo(key.publicKey());
        }
    }

    @Test
    void whenPkcs8IsNotAValidBignKey_thenRefused() throws Exception {
        AlgorithmIdentifier named = new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, C128.oid());
        byte[] d = BIGN.hex("G1_privkey_d_le");

        assertThatThrownBy(() -> BignAsn1.privateKey(new PrivateKeyInfo(named, new byte[31], null, null)))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> BignAsn1.privateKey(new PrivateKeyInfo(named, new byte[32], null, null)))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> BignAsn1.privateKey(new PrivateKeyInfo(
                new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, DERNull.INSTANCE), d, null, null)))
                .isInstanceOf(InvalidKeyException.class);
        // version 1 (with a public key), which bee2 does not read either
        assertThatThrownBy(() -> BignAsn1.privateKey(new PrivateKeyInfo(named, d, null, new byte[64])))
                .isInstanceOf(InvalidKeyException.class).hasMessageContaining("version 0");
    }
}
