package org.pechatka.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

class SignatureAlgorithmsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DATA = "H(origin) || H(challengeNonce)".getBytes(StandardCharsets.UTF_8);

    private static KeyPair ecKeyPair(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static byte[] sign(String jca, KeyPair kp) throws Exception {
        Signature s = Signature.getInstance(jca);
        s.initSign(kp.getPrivate());
        s.update(DATA);
        return s.sign();
    }

    private static boolean verify(String jca, KeyPair kp, byte[] signature) throws Exception {
        Signature v = Signature.getInstance(jca);
        v.initVerify(kp.getPublic());
        v.update(DATA);
        return v.verify(signature);
    }

    private static KeyInfo info(KeyPair kp) throws Exception {
        return KeyInfo.of(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()));
    }

    private static byte[] derEcdsa(BigInteger r, BigInteger s) throws Exception {
        return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
                .getEncoded();
    }

    @Test
    void whenJdkDerEcdsaSignatureConvertedToRaw_thenJdkP1363VerifiesItAndItConvertsBack() throws Exception {
        record Case(String curve, SignatureAlgorithm alg, String jdk) {}
        for (Case c : List.of(new Case("secp256r1", SignatureAlgorithms.SHA256_ECDSA, "SHA256withECDSA"),
                new Case("secp384r1", SignatureAlgorithms.SHA384_ECDSA, "SHA384withECDSA"),
                new Case("secp521r1", SignatureAlgorithms.SHA512_ECDSA, "SHA512withECDSA"))) {
            KeyPair kp = ecKeyPair(c.curve());
            int component = info(kp).componentLength();
            boolean sawShortComponent = false;
            // enough signatures that some r or s is shorter than the curve (a leading zero byte,
            // p = 1/128 per signature on P-256/384) or has its high bit set (half of them)
            for (int i = 0; i < 300 && !(sawShortComponent && i >= 40); i++) {
                byte[] der = sign(c.jdk(), kp);

                byte[] raw = c.alg().toRaw(der, component);

                assertThat(raw).hasSize(2 * component);
                assertThat(verify(c.jdk() + "inP1363Format", kp, raw)).as(c.curve() + " raw").isTrue();
                assertThat(c.alg().toX509(raw)).as(c.curve() + " back to DER").isEqualTo(der);
                ASN1Sequence seq = ASN1Sequence.getInstance(der);
                for (int k = 0; k < 2; k++) {
                    int len = ASN1Integer.getInstance(seq.getObjectAt(k)).getPositiveValue().bitLength();
                    sawShortComponent |= len <= 8 * (component - 1);
                }
            }
        }
    }

    @Test
    void whenJdkP1363SignatureConvertedToX509_thenJdkDerVerificationAccepts() throws Exception {
        KeyPair kp = ecKeyPair("secp256r1");
        for (int i = 0; i < 20; i++) {
            byte[] raw = sign("SHA256withECDSAinP1363Format", kp);

            byte[] der = SignatureAlgorithms.SHA256_ECDSA.toX509(raw);

            assertThat(verify("SHA256withECDSA", kp, der)).isTrue();
        }
    }

    @Test
    void whenComponentsHaveLeadingZeroBytesOrTheHighBitSet_thenDerIsMinimalAndRawRoundTrips() throws Exception {
        byte[] r = new byte[32];
        byte[] s = new byte[32];
        r[2] = 0x01; // r = 00 00 01 00 … 00 05
        r[31] = 0x05;
        Arrays.fill(s, (byte) 0xFF); // s = FF … FF, needs a 00 pad in DER
        byte[] raw = concat(r, s);

        byte[] der = SignatureAlgorithms.SHA256_ECDSA.toX509(raw);

        assertThat(der).isEqualTo(derEcdsa(new BigInteger(1, r), new BigInteger(1, s)));
        // INTEGER r: 30 bytes (leading zeros dropped); INTEGER s: 33 bytes (00 pad)
        assertThat(HEX.formatHex(der)).startsWith("3043021e01").contains("022100ffff");
        assertThat(SignatureAlgorithms.SHA256_ECDSA.toRaw(der, 32)).isEqualTo(raw);
    }

    @Test
    void whenP521ComponentsOf66Bytes_thenRoundTripKeepsTheirWidth() throws Exception {
        byte[] r = new byte[66];
        byte[] s = new byte[66];
        r[0] = 0x01; // the top of a 521-bit number
        Arrays.fill(r, 1, 66, (byte) 0xA5);
        s[5] = (byte) 0x80; // high bit set after five zero bytes
        s[65] = 0x01;
        byte[] raw = concat(r, s);

        byte[] der = SignatureAlgorithms.SHA512_ECDSA.toX509(raw);
        byte[] back = SignatureAlgorithms.SHA512_ECDSA.toRaw(der, 66);

        assertThat(back).hasSize(132).isEqualTo(raw);
        assertThat(ASN1Integer.getInstance(ASN1Sequence.getInstance(der).getObjectAt(0)).getPositiveValue())
                .isEqualTo(new BigInteger(1, r));
    }

    @Test
    void whenComponentsAreTiny_thenLeftPaddedToTheComponentLength() throws Exception {
        byte[] der = derEcdsa(BigInteger.ONE, BigInteger.valueOf(0x80));

        byte[] raw = SignatureAlgorithms.SHA384_ECDSA.toRaw(der, 48);

        byte[] expected = new byte[96];
        expected[47] = 1;
        expected[95] = (byte) 0x80;
        assertThat(raw).isEqualTo(expected);
    }

    @Test
    void whenEcdsaInputMalformed_thenRejected() throws Exception {
        SignatureAlgorithm ecdsa = SignatureAlgorithms.SHA256_ECDSA;
        assertThatThrownBy(() -> ecdsa.toX509(new byte[63])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ecdsa.toX509(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        byte[] tooLong = derEcdsa(BigInteger.ONE.shiftLeft(256), BigInteger.ONE);
        assertThatThrownBy(() -> ecdsa.toRaw(tooLong, 32)).isInstanceOf(IllegalArgumentException.class);
        byte[] three = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(1),
                new ASN1Integer(2), new ASN1Integer(3)}).getEncoded();
        assertThatThrownBy(() -> ecdsa.toRaw(three, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenRawEncodedAlgorithm_thenConversionsCopyTheBytesUnchanged() {
        byte[] sig = HEX.parseHex("0001020304ff");
        for (SignatureAlgorithm a : SignatureAlgorithms.all()) {
            if (a.x509Encoding() == SignatureAlgorithm.Encoding.RAW) {
                byte[] x509 = a.toX509(sig);
                byte[] raw = a.toRaw(sig, 3);
                assertThat(x509).as(a.name()).isEqualTo(sig).isNotSameAs(sig);
                assertThat(raw).as(a.name()).isEqualTo(sig).isNotSameAs(sig);
            } else {
                assertThat(a.scheme()).as(a.name()).isEqualTo(SignatureScheme.ECDSA);
            }
        }
    }

    @Test
    void whenLookedUpByItsOwnX509Id_thenEveryAlgorithmFoundAgain() throws Exception {
        for (SignatureAlgorithm a : SignatureAlgorithms.all()) {
            assertThat(SignatureAlgorithms.byX509Id(a.x509Id())).as(a.name()).containsSame(a);
            // as read back from a certificate or CMS structure
            AlgorithmIdentifier parsed = AlgorithmIdentifier.getInstance(a.x509Id().getEncoded());
            assertThat(SignatureAlgorithms.byX509Id(parsed)).as(a.name()).containsSame(a);
        }
    }

    @Test
    void whenPssIdentifierComesFromTheJdk_thenTheAlgorithmOfItsHash() throws Exception {
        record Pss(String hash, MGF1ParameterSpec mgf, int salt, SignatureAlgorithm expected) {}
        for (Pss p : List.of(new Pss("SHA-256", MGF1ParameterSpec.SHA256, 32, SignatureAlgorithms.SHA256_RSA_PSS),
                new Pss("SHA-384", MGF1ParameterSpec.SHA384, 48, SignatureAlgorithms.SHA384_RSA_PSS),
                new Pss("SHA-512", MGF1ParameterSpec.SHA512, 64, SignatureAlgorithms.SHA512_RSA_PSS))) {
            AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
            params.init(new PSSParameterSpec(p.hash(), "MGF1", p.mgf(), p.salt(), 1));
            AlgorithmIdentifier id = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS,
                    ASN1Primitive.fromByteArray(params.getEncoded()));

            assertThat(SignatureAlgorithms.byX509Id(id)).as(p.hash()).containsSame(p.expected());
            // and ours carries the same hash, MGF1-with-the-same-hash and salt length
            RSASSAPSSparams ours = RSASSAPSSparams.getInstance(p.expected().x509Id().getParameters());
            RSASSAPSSparams jdk = RSASSAPSSparams.getInstance(id.getParameters());
            assertThat(ours.getHashAlgorithm().getAlgorithm()).isEqualTo(jdk.getHashAlgorithm().getAlgorithm());
            assertThat(ours.getMaskGenAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_mgf1);
            assertThat(AlgorithmIdentifier.getInstance(ours.getMaskGenAlgorithm().getParameters()).getAlgorithm())
                    .isEqualTo(p.expected().hash().oid());
            assertThat(ours.getSaltLength()).isEqualTo(jdk.getSaltLength()).isEqualTo(BigInteger.valueOf(p.salt()));
            assertThat(ours.getTrailerField()).isEqualTo(BigInteger.ONE);
        }
    }

    @Test
    void whenPssIdentifierNamesAHashWithoutPss_thenNothing() {
        AlgorithmIdentifier sha1 = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.14.3.2.26"), DERNull.INSTANCE);
        AlgorithmIdentifier id = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS,
                new RSASSAPSSparams(sha1, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha1),
                        new ASN1Integer(20), new ASN1Integer(1)));

        assertThat(SignatureAlgorithms.byX509Id(id)).isEmpty();
        assertThat(SignatureAlgorithms.byX509Id(new AlgorithmIdentifier(PKCSObjectIdentifiers.sha1WithRSAEncryption,
                DERNull.INSTANCE))).isEmpty();
    }

    @Test
    void whenX509IdsOfTheWellKnownAlgorithms_thenTheStandardOids() {
        assertThat(SignatureAlgorithms.SHA256_RSA.x509Id().getAlgorithm().getId()).isEqualTo("1.2.840.113549.1.1.11");
        assertThat(SignatureAlgorithms.SHA256_RSA.x509Id().getParameters()).isEqualTo(DERNull.INSTANCE);
        assertThat(SignatureAlgorithms.SHA256_ECDSA.x509Id().getAlgorithm().getId()).isEqualTo("1.2.840.10045.4.3.2");
        // RFC 5758: ECDSA identifiers have absent parameters
        assertThat(SignatureAlgorithms.SHA256_ECDSA.x509Id().getParameters()).isNull();
        assertThat(SignatureAlgorithms.ED25519.x509Id().getAlgorithm()).isEqualTo(EdECObjectIdentifiers.id_Ed25519);
        assertThat(SignatureAlgorithms.ED25519.x509Id().getParameters()).isNull();
        assertThat(SignatureAlgorithms.BIGN_HBELT.x509Id().getAlgorithm().getId())
                .isEqualTo("1.2.112.0.2.0.34.101.45.12");
        assertThat(SignatureAlgorithms.GOST_2012_256.x509Id().getAlgorithm().getId()).isEqualTo("1.2.643.7.1.1.3.2");
        assertThat(SignatureAlgorithms.GOST_2012_512.x509Id().getAlgorithm().getId()).isEqualTo("1.2.643.7.1.1.3.3");
    }

    @Test
    void whenRegistryListed_thenNamesIdsAndWebEidNamesAreUnique() {
        Set<String> names = new HashSet<>();
        Set<String> webEid = new HashSet<>();
        Set<AlgorithmIdentifier> ids = new HashSet<>();
        for (SignatureAlgorithm a : SignatureAlgorithms.all()) {
            assertThat(names.add(a.name())).as(a.name()).isTrue();
            assertThat(ids.add(a.x509Id())).as(a.name()).isTrue();
            if (a.webEidName() != null) {
                assertThat(webEid.add(a.webEidName())).as(a.webEidName()).isTrue();
                assertThat(SignatureAlgorithms.byWebEidName(a.webEidName())).containsSame(a);
            }
            assertThat(SignatureAlgorithms.byName(a.name())).containsSame(a);
        }
        assertThat(SignatureAlgorithms.byWebEidName("ES256")).containsSame(SignatureAlgorithms.SHA256_ECDSA);
        assertThat(SignatureAlgorithms.byWebEidName("PS384")).containsSame(SignatureAlgorithms.SHA384_RSA_PSS);
        assertThat(SignatureAlgorithms.byWebEidName("BIGN-HBELT")).containsSame(SignatureAlgorithms.BIGN_HBELT);
        assertThat(SignatureAlgorithms.byWebEidName("ES999")).isEmpty();
    }

    @Test
    void whenDefaultAskedPerKey_thenTheUsualAlgorithm() {
        KeyInfo rsa = KeyInfo.byProtocolName("RSA-3072").orElseThrow();
        KeyInfo p256 = KeyInfo.byProtocolName("EC-P256").orElseThrow();
        KeyInfo p384 = KeyInfo.byProtocolName("EC-P384").orElseThrow();
        KeyInfo p521 = KeyInfo.byProtocolName("EC-P521").orElseThrow();
        KeyInfo brainpool512 = new KeyInfo(KeyFamily.EC, 512, new ASN1ObjectIdentifier("1.3.36.3.3.2.8.1.1.13"),
                "brainpoolP512r1");
        KeyInfo ed25519 = KeyInfo.byProtocolName("ED25519").orElseThrow();
        KeyInfo ed448 = new KeyInfo(KeyFamily.EDDSA, 456, EdECObjectIdentifiers.id_Ed448, "Ed448");

        assertThat(SignatureAlgorithms.defaultFor(rsa)).containsSame(SignatureAlgorithms.SHA256_RSA);
        assertThat(SignatureAlgorithms.defaultFor(p256)).containsSame(SignatureAlgorithms.SHA256_ECDSA);
        assertThat(SignatureAlgorithms.defaultFor(p384)).containsSame(SignatureAlgorithms.SHA384_ECDSA);
        assertThat(SignatureAlgorithms.defaultFor(p521)).containsSame(SignatureAlgorithms.SHA512_ECDSA);
        assertThat(SignatureAlgorithms.defaultFor(brainpool512)).containsSame(SignatureAlgorithms.SHA512_ECDSA);
        assertThat(SignatureAlgorithms.defaultFor(ed25519)).containsSame(SignatureAlgorithms.ED25519);
        assertThat(SignatureAlgorithms.defaultFor(ed448)).isEmpty();
        assertThat(SignatureAlgorithms.defaultFor(KeyInfo.byProtocolName("BIGN-128").orElseThrow()))
                .containsSame(SignatureAlgorithms.BIGN_HBELT);
        assertThat(SignatureAlgorithms.defaultFor(KeyInfo.byProtocolName("BIGN-192").orElseThrow())).isEmpty();
        assertThat(SignatureAlgorithms.defaultFor(KeyInfo.byProtocolName("BIGN-256").orElseThrow())).isEmpty();
        assertThat(SignatureAlgorithms.defaultFor(KeyInfo.byProtocolName("GOST-2012-256").orElseThrow()))
                .containsSame(SignatureAlgorithms.GOST_2012_256);
        assertThat(SignatureAlgorithms.defaultFor(KeyInfo.byProtocolName("GOST-2012-512").orElseThrow()))
                .containsSame(SignatureAlgorithms.GOST_2012_512);
    }

    @Test
    void whenEveryProtocolKeyHasADefault_thenTheDefaultFitsIt() {
        for (String name : List.of("EC-P256", "EC-P384", "EC-P521", "RSA-2048", "RSA-3072", "RSA-4096", "ED25519",
                "BIGN-128", "GOST-2012-256", "GOST-2012-512")) {
            KeyInfo key = KeyInfo.byProtocolName(name).orElseThrow();
            SignatureAlgorithm a = SignatureAlgorithms.defaultFor(key).orElseThrow(() -> new AssertionError(name));
            assertThat(a.fits(key)).as(name).isTrue();
        }
    }

    @Test
    void whenFitsAsked_thenOnlyKeysOfTheAlgorithmsFamilyAndEdDsaCurve() {
        KeyInfo rsa = KeyInfo.byProtocolName("RSA-2048").orElseThrow();
        KeyInfo ec = KeyInfo.byProtocolName("EC-P256").orElseThrow();
        KeyInfo ed25519 = KeyInfo.byProtocolName("ED25519").orElseThrow();
        KeyInfo ed448 = new KeyInfo(KeyFamily.EDDSA, 456, EdECObjectIdentifiers.id_Ed448, "Ed448");
        KeyInfo bign = KeyInfo.byProtocolName("BIGN-128").orElseThrow();
        KeyInfo gost = KeyInfo.byProtocolName("GOST-2012-256").orElseThrow();
        List<KeyInfo> keys = List.of(rsa, ec, ed25519, bign, gost);

        for (SignatureAlgorithm a : SignatureAlgorithms.all()) {
            for (KeyInfo k : keys) {
                // GOST and bign also tie the hash to the key size (GOST-2012-512 does not fit a 256-bit key)
                boolean sized = a.hash() == null || (k.family() != KeyFamily.GOST_2012 && k.family() != KeyFamily.BIGN)
                        || a.hash().length() * 8 == k.bits();
                assertThat(a.fits(k)).as(a.name() + " on " + k.displayName())
                        .isEqualTo(a.keyFamily() == k.family() && sized);
            }
        }
        KeyInfo gost512 = KeyInfo.byProtocolName("GOST-2012-512").orElseThrow();
        assertThat(SignatureAlgorithms.GOST_2012_256.fits(gost)).isTrue();
        assertThat(SignatureAlgorithms.GOST_2012_512.fits(gost)).isFalse();
        assertThat(SignatureAlgorithms.GOST_2012_512.fits(gost512)).isTrue();
        assertThat(SignatureAlgorithms.GOST_2012_256.fits(gost512)).isFalse();
        assertThat(SignatureAlgorithms.BIGN_HBELT.fits(bign)).isTrue();
        assertThat(SignatureAlgorithms.BIGN_HBELT.fits(KeyInfo.byProtocolName("BIGN-256").orElseThrow()))
                .as("bign-with-hbelt is for level 128 only").isFalse();
        assertThat(SignatureAlgorithms.SHA256_RSA_PSS.fits(rsa)).isTrue();
        assertThat(SignatureAlgorithms.SHA384_ECDSA.fits(ec)).isTrue(); // any hash on any curve
        assertThat(SignatureAlgorithms.ED25519.fits(ed448)).isFalse();
        assertThat(SignatureAlgorithms.SHA256_ECDSA.fits(bign)).isFalse(); // bign is not ECDSA
    }

    @Test
    void whenFindBySchemeAndHash_thenTheMatchingAlgorithmForTheKey() {
        KeyInfo rsa = KeyInfo.byProtocolName("RSA-2048").orElseThrow();
        KeyInfo ec = KeyInfo.byProtocolName("EC-P384").orElseThrow();

        assertThat(SignatureAlgorithms.find(rsa, SignatureScheme.RSA_PSS, HashAlgorithm.SHA_512))
                .containsSame(SignatureAlgorithms.SHA512_RSA_PSS);
        assertThat(SignatureAlgorithms.find(ec, SignatureScheme.ECDSA, HashAlgorithm.SHA3_384))
                .containsSame(SignatureAlgorithms.SHA3_384_ECDSA);
        assertThat(SignatureAlgorithms.find(ec, SignatureScheme.RSA_PKCS1, HashAlgorithm.SHA_256)).isEmpty();
        assertThat(SignatureAlgorithms.find(rsa, SignatureScheme.RSA_PSS, HashAlgorithm.SHA3_256)).isEmpty();
    }

    @Test
    void whenAlgorithmBuiltWithAHashMismatchingItsScheme_thenRejected() {
        AlgorithmIdentifier id = SignatureAlgorithms.ED25519.x509Id();
        assertThatThrownBy(() -> new SignatureAlgorithm("x", SignatureScheme.EDDSA, HashAlgorithm.SHA_512, id,
                SignatureAlgorithm.Encoding.RAW, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignatureAlgorithm("x", SignatureScheme.ECDSA, null, id,
                SignatureAlgorithm.Encoding.DER_ECDSA, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
