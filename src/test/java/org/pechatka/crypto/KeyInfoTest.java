package org.pechatka.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.junit.jupiter.api.Test;

class KeyInfoTest {

    /**
     * The bign public key of STB 34.101.45 table G.1 (level 128, bign-curve256v1) as a
     * SubjectPublicKeyInfo: the derived {@code G1_spki_der} of the shared reference vectors
     * (bee2 test/crypto/bign_test.c; encoded like bee2's cmd/test/zed.csr).
     */
    private static final String BIGN_G1_SPKI = "305D3018060A2A7000020022652D0201060A2A7000020022652D0301034100"
            + "BD1A5650179D79E03FCEE49D4C2BD5DDF54CE46D0CF11E4FF87BF7A890857FD0"
            + "7AC6A60361E8C8173491686D461B2826190C2EDA5909054A9AB84D2AB9D99A90";

    private static final List<String> PROTOCOL_KEY_NAMES = List.of("EC-P256", "EC-P384", "EC-P521", "RSA-2048",
            "RSA-3072", "RSA-4096", "ED25519", "BIGN-128", "BIGN-192", "BIGN-256", "GOST-2012-256", "GOST-2012-512");

    private static SubjectPublicKeyInfo spki(PublicKey key) {
        return SubjectPublicKeyInfo.getInstance(key.getEncoded());
    }

    private static PublicKey generate(String algorithm, AlgorithmParameterSpec spec) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(spec);
        return g.generateKeyPair().getPublic();
    }

    private static PublicKey generateBc(String algorithm, String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, Bc.PROVIDER);
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair().getPublic();
    }

    @Test
    void whenRsaKeys_thenModulusBitsAndProtocolName() throws Exception {
        for (int bits : new int[] {2048, 3072}) {
            KeyInfo info = KeyInfo.of(spki(generate("RSA", new RSAKeyGenParameterSpec(bits,
                    RSAKeyGenParameterSpec.F4))));

            assertThat(info).isEqualTo(new KeyInfo(KeyFamily.RSA, bits, null, null));
            assertThat(info.protocolName()).isEqualTo("RSA-" + bits);
            assertThat(info.displayName()).isEqualTo("RSA " + bits);
        }
    }

    @Test
    void whenRsaPssKeyOrUncommonSize_thenRsaFamilyAndNoProtocolNameForOddSizes() throws Exception {
        KeyInfo pss = KeyInfo.of(spki(generate("RSASSA-PSS", new RSAKeyGenParameterSpec(2048,
                RSAKeyGenParameterSpec.F4))));
        KeyInfo small = KeyInfo.of(spki(generate("RSA", new RSAKeyGenParameterSpec(1024,
                RSAKeyGenParameterSpec.F4))));

        assertThat(pss.family()).isEqualTo(KeyFamily.RSA);
        assertThat(pss.bits()).isEqualTo(2048);
        assertThat(small.protocolName()).isNull();
    }

    @Test
    void whenNistCurves_thenFieldSizeCurveAndProtocolName() throws Exception {
        record Curve(String jdk, String oid, int bits, String name, String protocol, int component) {}
        for (Curve c : List.of(new Curve("secp256r1", "1.2.840.10045.3.1.7", 256, "P-256", "EC-P256", 32),
                new Curve("secp384r1", "1.3.132.0.34", 384, "P-384", "EC-P384", 48),
                new Curve("secp521r1", "1.3.132.0.35", 521, "P-521", "EC-P521", 66))) {
            KeyInfo info = KeyInfo.of(spki(generate("EC", new ECGenParameterSpec(c.jdk()))));

            assertThat(info).isEqualTo(new KeyInfo(KeyFamily.EC, c.bits(), new ASN1ObjectIdentifier(c.oid()),
                    c.name()));
            assertThat(info.protocolName()).isEqualTo(c.protocol());
            assertThat(info.componentLength()).isEqualTo(c.component());
            assertThat(info.displayName()).isEqualTo("EC " + c.name());
        }
    }

    @Test
    void whenBrainpoolCurve_thenNoProtocolNameButACurveName() throws Exception {
        KeyInfo info = KeyInfo.of(spki(generateBc("EC", "brainpoolP256r1")));

        assertThat(info.family()).isEqualTo(KeyFamily.EC);
        assertThat(info.bits()).isEqualTo(256);
        assertThat(info.curveOid()).isEqualTo(new ASN1ObjectIdentifier("1.3.36.3.3.2.8.1.1.7"));
        assertThat(info.curveName()).isEqualTo("brainpoolP256r1");
        assertThat(info.protocolName()).isNull();
        assertThat(info.displayName()).isEqualTo("EC brainpoolP256r1");
    }

    @Test
    void whenExplicitEcParameters_thenFieldSizeOnly() throws Exception {
        SubjectPublicKeyInfo named = spki(generate("EC", new ECGenParameterSpec("secp256r1")));
        X962Parameters explicit = new X962Parameters(ECNamedCurveTable.getByName("secp256r1"));
        SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(named.getAlgorithm().getAlgorithm(), explicit),
                named.getPublicKeyData().getOctets());

        KeyInfo info = KeyInfo.of(spki);

        assertThat(info).isEqualTo(new KeyInfo(KeyFamily.EC, 256, null, null));
        assertThat(info.protocolName()).isNull();
        assertThat(info.displayName()).isEqualTo("EC 256-bit curve");
    }

    @Test
    void whenEdwardsKeys_thenEd25519HasAProtocolNameAndEd448None() throws Exception {
        KeyInfo ed25519 = KeyInfo.of(spki(generate("Ed25519", new java.security.spec.NamedParameterSpec("Ed25519"))));
        KeyInfo ed448 = KeyInfo.of(spki(generate("Ed448", new java.security.spec.NamedParameterSpec("Ed448"))));

        assertThat(ed25519).isEqualTo(new KeyInfo(KeyFamily.EDDSA, 256, EdECObjectIdentifiers.id_Ed25519, "Ed25519"));
        assertThat(ed25519.protocolName()).isEqualTo("ED25519");
        assertThat(ed448.family()).isEqualTo(KeyFamily.EDDSA);
        assertThat(ed448.curveOid()).isEqualTo(EdECObjectIdentifiers.id_Ed448);
        assertThat(ed448.protocolName()).isNull();
    }

    @Test
    void whenBignSpkiOfTheStandard_thenLevel128OnCurve256v1() throws Exception {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(HexFormat.of().parseHex(BIGN_G1_SPKI));

        KeyInfo info = KeyInfo.of(spki);

        assertThat(info).isEqualTo(new KeyInfo(KeyFamily.BIGN, 256, NationalOids.BIGN_CURVE256V1,
                "bign-curve256v1"));
        assertThat(info.protocolName()).isEqualTo("BIGN-128");
        assertThat(info.displayName()).isEqualTo("bign 128 (bign-curve256v1)");
        assertThat(info).isEqualTo(KeyInfo.byProtocolName("BIGN-128").orElseThrow());
    }

    @Test
    void whenBignCurveNotNamedByAKnownOid_thenLevelFromTheKeySizeAndNoCurveName() throws Exception {
        SubjectPublicKeyInfo g1 = SubjectPublicKeyInfo.getInstance(HexFormat.of().parseHex(BIGN_G1_SPKI));
        ASN1ObjectIdentifier privateCurve = new ASN1ObjectIdentifier("1.2.3.4.5");
        SubjectPublicKeyInfo unknownCurve = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, privateCurve), g1.getPublicKeyData().getOctets());
        SubjectPublicKeyInfo level192 = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(NationalOids.BIGN_PUBKEY, privateCurve), new byte[96]);

        KeyInfo info = KeyInfo.of(unknownCurve);

        assertThat(info.family()).isEqualTo(KeyFamily.BIGN);
        assertThat(info.bits()).isEqualTo(256);
        assertThat(info.protocolName()).isEqualTo("BIGN-128");
        assertThat(info.curveName()).as("a curve Pechatka does not know has no name").isNull();
        assertThat(KeyInfo.of(level192).bits()).isEqualTo(384);
        assertThat(KeyInfo.of(level192).protocolName()).isEqualTo("BIGN-192");
    }

    @Test
    void whenGost2012KeysFromBouncyCastle_thenSizeParameterSetAndProtocolName() throws Exception {
        KeyInfo gost256 = KeyInfo.of(spki(generateBc("ECGOST3410-2012", "Tc26-Gost-3410-12-256-paramSetA")));
        KeyInfo gost512 = KeyInfo.of(spki(generateBc("ECGOST3410-2012", "Tc26-Gost-3410-12-512-paramSetA")));

        assertThat(gost256).isEqualTo(new KeyInfo(KeyFamily.GOST_2012, 256,
                new ASN1ObjectIdentifier("1.2.643.7.1.2.1.1.1"), "Tc26-Gost-3410-12-256-paramSetA"));
        assertThat(gost256.protocolName()).isEqualTo("GOST-2012-256");
        assertThat(gost256).isEqualTo(KeyInfo.byProtocolName("GOST-2012-256").orElseThrow());
        assertThat(gost512.bits()).isEqualTo(512);
        assertThat(gost512.protocolName()).isEqualTo("GOST-2012-512");
        assertThat(gost512).isEqualTo(KeyInfo.byProtocolName("GOST-2012-512").orElseThrow());
        assertThat(gost256.componentLength()).isEqualTo(32);
    }

    @Test
    void whenKeyOfAnotherAlgorithm_thenIoException() throws Exception {
        KeyPairGenerator dsaGenerator = KeyPairGenerator.getInstance("DSA");
        dsaGenerator.initialize(2048); // the JDK's precomputed parameters
        SubjectPublicKeyInfo dsa = spki(dsaGenerator.generateKeyPair().getPublic());
        SubjectPublicKeyInfo x25519 = spki(generate("X25519", new java.security.spec.NamedParameterSpec("X25519")));

        assertThatThrownBy(() -> KeyInfo.of(dsa)).isInstanceOf(IOException.class)
                .hasMessageContaining("1.2.840.10040.4.1");
        assertThatThrownBy(() -> KeyInfo.of(x25519)).isInstanceOf(IOException.class);
    }

    @Test
    void whenEveryProtocolKeyNameLookedUp_thenItRoundTripsThroughProtocolName() {
        for (String name : PROTOCOL_KEY_NAMES) {
            KeyInfo info = KeyInfo.byProtocolName(name).orElseThrow(() -> new AssertionError(name));

            assertThat(info.protocolName()).as(name).isEqualTo(name);
        }
    }

    @Test
    void whenProtocolKeyNamesLookedUp_thenTheRightSizesAndCurves() {
        assertThat(KeyInfo.byProtocolName("EC-P256")).contains(new KeyInfo(KeyFamily.EC, 256,
                new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"), "P-256"));
        assertThat(KeyInfo.byProtocolName("EC-P521")).map(KeyInfo::bits).contains(521);
        assertThat(KeyInfo.byProtocolName("RSA-4096")).contains(new KeyInfo(KeyFamily.RSA, 4096, null, null));
        assertThat(KeyInfo.byProtocolName("ED25519")).map(KeyInfo::curveOid).contains(EdECObjectIdentifiers.id_Ed25519);
        assertThat(KeyInfo.byProtocolName("BIGN-128")).map(KeyInfo::curveOid).contains(NationalOids.BIGN_CURVE256V1);
        assertThat(KeyInfo.byProtocolName("BIGN-192")).contains(new KeyInfo(KeyFamily.BIGN, 384,
                NationalOids.BIGN_CURVE384V1, "bign-curve384v1"));
        assertThat(KeyInfo.byProtocolName("BIGN-256")).contains(new KeyInfo(KeyFamily.BIGN, 512,
                NationalOids.BIGN_CURVE512V1, "bign-curve512v1"));
        assertThat(KeyInfo.byProtocolName("GOST-2012-512")).map(KeyInfo::bits).contains(512);
    }

    @Test
    void whenNameNotInTheProtocol_thenEmpty() {
        for (String name : List.of("EC-P224", "ec-p256", "RSA-1024", "RSA-2047", "ED448", "BIGN-512", "GOST-2012-1024",
                "GOST-2001", "")) {
            assertThat(KeyInfo.byProtocolName(name)).as(name).isEmpty();
        }
    }

    @Test
    void whenFamilyMissing_thenRejected() {
        assertThatThrownBy(() -> new KeyInfo(null, 256, null, null)).isInstanceOf(NullPointerException.class);
    }
}
