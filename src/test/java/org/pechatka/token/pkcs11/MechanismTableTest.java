package org.pechatka.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyFamily;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.crypto.SignatureScheme;
import org.pechatka.token.pkcs11.MechanismTable.Input;
import org.pechatka.token.pkcs11.MechanismTable.KeyTypeRow;
import org.pechatka.token.pkcs11.MechanismTable.Param;
import org.pechatka.token.pkcs11.MechanismTable.Row;
import org.xipki.pkcs11.wrapper.PKCS11Constants;

class MechanismTableTest {

    private static final long CKM_RSA_PKCS = 0x1L;
    private static final long CKM_RSA_PKCS_PSS = 0xDL;
    private static final long CKM_ECDSA = 0x1041L;
    private static final long CKM_EDDSA = 0x1057L;
    private static final long CKM_GOSTR3410 = 0x1201L;
    private static final long CKM_GOSTR3410_512 = 0xD4321006L;
    private static final long CKM_BIGN = 0x8001L;
    private static final long CKM_BIGN_HBELT = 0x8002L;

    /**
     * The signing-related part of what SoftHSM2 2.6 lists with {@code pkcs11-tool -M}: RSA PKCS#1
     * and PSS, raw and combined with SHA-1/224/256/384/512, raw ECDSA only, EdDSA, DSA, digests,
     * key generation. No SHA-3, no combined ECDSA, no GOST, no bign.
     */
    private static final Set<Long> SOFTHSM2 = Set.of(
            0x0L /* RSA_PKCS_KEY_PAIR_GEN */, 0x1L /* RSA_PKCS */, 0x3L /* RSA_X_509 */, 0x5L /* MD5_RSA_PKCS */,
            0x6L /* SHA1_RSA_PKCS */, 0x9L /* RSA_PKCS_OAEP */, 0xDL /* RSA_PKCS_PSS */, 0xEL /* SHA1_RSA_PKCS_PSS */,
            0x10L, 0x11L, 0x12L, 0x13L, 0x14L, 0x15L, 0x16L /* DSA family */,
            0x40L, 0x41L, 0x42L /* SHA256/384/512_RSA_PKCS */, 0x43L, 0x44L, 0x45L /* SHA256/384/512_RSA_PKCS_PSS */,
            0x46L, 0x47L /* SHA224_RSA_PKCS(_PSS) */,
            0x210L, 0x220L, 0x221L, 0x250L, 0x251L, 0x255L, 0x256L, 0x260L, 0x261L, 0x270L, 0x271L /* digests, HMAC */,
            0x1040L /* EC_KEY_PAIR_GEN */, 0x1041L /* ECDSA */, 0x1050L /* ECDH1_DERIVE */,
            0x1055L /* EC_EDWARDS_KEY_PAIR_GEN */, 0x1057L /* EDDSA */,
            0x1080L, 0x1081L, 0x1082L, 0x1085L /* AES */);

    /** The key size each algorithm is used with in these tests. */
    private static int keyBits(SignatureAlgorithm a) {
        return switch (a.scheme()) {
            case RSA_PKCS1, RSA_PSS -> 2048;
            case ECDSA -> a.hash().length() * 8 == 512 ? 521 : a.hash().length() * 8;
            case EDDSA, BIGN -> 256;
            case GOST_2012 -> a.hash() == HashAlgorithm.STREEBOG_512 ? 512 : 256;
        };
    }

    private static Set<Long> allRowMechanisms() {
        return MechanismTable.rows().stream().map(Row::mechanism).collect(Collectors.toSet());
    }

    private static Set<Long> combinedOnly() {
        return MechanismTable.rows().stream().filter(r -> r.input() == Input.DATA).map(Row::mechanism)
                .collect(Collectors.toSet());
    }

    @Test
    void whenSoftHsm2Mechanisms_thenRawMechanismPreferredForEveryAlgorithmItCanDo() {
        Map<SignatureAlgorithm, Long> expected = new LinkedHashMap<>();
        for (SignatureAlgorithm a : List.of(SignatureAlgorithms.SHA256_RSA, SignatureAlgorithms.SHA384_RSA,
                SignatureAlgorithms.SHA512_RSA, SignatureAlgorithms.SHA3_256_RSA, SignatureAlgorithms.SHA3_384_RSA,
                SignatureAlgorithms.SHA3_512_RSA)) {
            expected.put(a, CKM_RSA_PKCS);
        }
        for (SignatureAlgorithm a : List.of(SignatureAlgorithms.SHA256_RSA_PSS, SignatureAlgorithms.SHA384_RSA_PSS,
                SignatureAlgorithms.SHA512_RSA_PSS)) {
            expected.put(a, CKM_RSA_PKCS_PSS);
        }
        for (SignatureAlgorithm a : List.of(SignatureAlgorithms.SHA256_ECDSA, SignatureAlgorithms.SHA384_ECDSA,
                SignatureAlgorithms.SHA512_ECDSA, SignatureAlgorithms.SHA3_256_ECDSA,
                SignatureAlgorithms.SHA3_384_ECDSA, SignatureAlgorithms.SHA3_512_ECDSA)) {
            expected.put(a, CKM_ECDSA);
        }
        expected.put(SignatureAlgorithms.ED25519, CKM_EDDSA);
        // SoftHSM2 has neither bign nor GOST
        expected.put(SignatureAlgorithms.BIGN_HBELT, null);
        expected.put(SignatureAlgorithms.GOST_2012_256, null);
        expected.put(SignatureAlgorithms.GOST_2012_512, null);
        assertThat(expected.keySet()).as("every registered algorithm has an expectation")
                .containsExactlyInAnyOrderElementsOf(SignatureAlgorithms.all());

        for (Map.Entry<SignatureAlgorithm, Long> e : expected.entrySet()) {
            SignatureAlgorithm a = e.getKey();
            Optional<Row> forData = MechanismTable.select(a, keyBits(a), false, SOFTHSM2::contains);
            Optional<Row> forAnySize = MechanismTable.select(a, 0, false, SOFTHSM2::contains);
            if (e.getValue() == null) {
                assertThat(forData).as(a.name()).isEmpty();
                assertThat(MechanismTable.supports(a, SOFTHSM2)).as(a.name()).isFalse();
            } else {
                assertThat(forData).as(a.name()).map(Row::mechanism).contains(e.getValue());
                assertThat(forAnySize).as(a.name()).map(Row::mechanism).contains(e.getValue());
                assertThat(MechanismTable.supports(a, SOFTHSM2)).as(a.name()).isTrue();
            }
        }
    }

    @Test
    void whenSoftHsm2AndOnlyAHashGiven_thenTheSameRawMechanismsAndEdDsaImpossible() {
        for (SignatureAlgorithm a : SignatureAlgorithms.all()) {
            Optional<Row> forHash = MechanismTable.select(a, keyBits(a), true, SOFTHSM2::contains);
            switch (a.scheme()) {
                case RSA_PKCS1 -> assertThat(forHash).as(a.name()).map(Row::input).contains(Input.DIGEST_INFO);
                case RSA_PSS, ECDSA -> assertThat(forHash).as(a.name()).map(Row::input).contains(Input.DIGEST);
                case EDDSA, BIGN, GOST_2012 -> assertThat(forHash).as(a.name()).isEmpty();
            }
        }
    }

    @Test
    void whenRawRowSelected_thenItsParameterAndInputFitTheScheme() {
        Row rsa = MechanismTable.select(SignatureAlgorithms.SHA256_RSA, 2048, true, SOFTHSM2::contains).orElseThrow();
        Row pss = MechanismTable.select(SignatureAlgorithms.SHA384_RSA_PSS, 3072, true, SOFTHSM2::contains)
                .orElseThrow();
        Row ecdsa = MechanismTable.select(SignatureAlgorithms.SHA256_ECDSA, 256, true, SOFTHSM2::contains)
                .orElseThrow();

        assertThat(rsa).extracting(Row::name, Row::input, Row::param)
                .containsExactly("CKM_RSA_PKCS", Input.DIGEST_INFO, Param.NONE);
        assertThat(pss).extracting(Row::name, Row::input, Row::param)
                .containsExactly("CKM_RSA_PKCS_PSS", Input.DIGEST, Param.PSS);
        assertThat(ecdsa).extracting(Row::name, Row::input, Row::param)
                .containsExactly("CKM_ECDSA", Input.DIGEST, Param.NONE);
    }

    @Test
    void whenOnlyCombinedMechanismsOffered_thenDataPicksTheCombinedOneAndAGivenHashYieldsEmpty() {
        Set<Long> combined = combinedOnly();
        for (SignatureAlgorithm a : SignatureAlgorithms.all()) {
            Optional<Row> forData = MechanismTable.select(a, keyBits(a), false, combined::contains);
            Optional<Row> forHash = MechanismTable.select(a, keyBits(a), true, combined::contains);

            assertThat(forData).as(a.name()).isPresent();
            assertThat(forData.orElseThrow().input()).as(a.name()).isEqualTo(Input.DATA);
            assertThat(forData.orElseThrow().hash()).as(a.name()).isEqualTo(a.hash());
            assertThat(forData.orElseThrow().scheme()).as(a.name()).isEqualTo(a.scheme());
            assertThat(forHash).as(a.name()).isEmpty();
        }
        assertThat(MechanismTable.select(SignatureAlgorithms.SHA384_ECDSA, 384, false, combined::contains))
                .map(Row::name).contains("CKM_ECDSA_SHA384");
        assertThat(MechanismTable.select(SignatureAlgorithms.SHA3_512_RSA, 4096, false, combined::contains))
                .map(Row::name).contains("CKM_SHA3_512_RSA_PKCS");
    }

    @Test
    void whenCombinedMechanismForAnotherHashOnly_thenNothing() {
        Set<Long> sha256Only = Set.of(0x40L, 0x43L, 0x1044L);

        assertThat(MechanismTable.select(SignatureAlgorithms.SHA384_RSA, 2048, false, sha256Only::contains)).isEmpty();
        assertThat(MechanismTable.select(SignatureAlgorithms.SHA512_RSA_PSS, 2048, false, sha256Only::contains))
                .isEmpty();
        assertThat(MechanismTable.select(SignatureAlgorithms.SHA384_ECDSA, 384, false, sha256Only::contains))
                .isEmpty();
        assertThat(MechanismTable.select(SignatureAlgorithms.SHA256_ECDSA, 256, false, sha256Only::contains))
                .map(Row::name).contains("CKM_ECDSA_SHA256");
    }

    @Test
    void whenPssRows_thenTheyNeedAHashWithAPkcs11Mgf() {
        for (SignatureAlgorithm a : SignatureAlgorithms.all()) {
            if (a.scheme() == SignatureScheme.RSA_PSS) {
                assertThat(MechanismTable.hash(a.hash())).as(a.name()).isPresent();
            }
        }
        assertThat(MechanismTable.rows()).filteredOn(r -> r.scheme() == SignatureScheme.RSA_PSS)
                .isNotEmpty().allMatch(r -> r.param() == Param.PSS);

        // a PSS algorithm over a hash PKCS#11 has no MGF for: no row, even with CKM_RSA_PKCS_PSS offered
        SignatureAlgorithm pssStreebog = new SignatureAlgorithm("STREEBOG256withRSAandMGF1", SignatureScheme.RSA_PSS,
                HashAlgorithm.STREEBOG_256, SignatureAlgorithms.SHA256_RSA_PSS.x509Id(),
                SignatureAlgorithm.Encoding.RAW, null);
        assertThat(MechanismTable.hash(HashAlgorithm.STREEBOG_256)).isEmpty();
        assertThat(MechanismTable.select(pssStreebog, 2048, true, allRowMechanisms()::contains)).isEmpty();
        assertThat(MechanismTable.select(pssStreebog, 2048, false, allRowMechanisms()::contains)).isEmpty();

        // SHA3-256 has an MGF (CKG_MGF1_SHA3_256), so the raw PSS mechanism serves it
        SignatureAlgorithm pssSha3 = new SignatureAlgorithm("SHA3-256withRSAandMGF1", SignatureScheme.RSA_PSS,
                HashAlgorithm.SHA3_256, new AlgorithmIdentifier(SignatureAlgorithms.SHA256_RSA_PSS.x509Id()
                        .getAlgorithm()), SignatureAlgorithm.Encoding.RAW, null);
        assertThat(MechanismTable.select(pssSha3, 2048, true, Set.of(CKM_RSA_PKCS_PSS)::contains))
                .map(Row::mechanism).contains(CKM_RSA_PKCS_PSS);
    }

    @Test
    void whenHashRows_thenValuesEqualThePkcs11Constants() {
        assertThat(MechanismTable.hash(HashAlgorithm.SHA_256)).contains(
                new MechanismTable.HashRow(PKCS11Constants.CKM_SHA256, PKCS11Constants.CKG_MGF1_SHA256));
        assertThat(MechanismTable.hash(HashAlgorithm.SHA_384)).contains(
                new MechanismTable.HashRow(PKCS11Constants.CKM_SHA384, PKCS11Constants.CKG_MGF1_SHA384));
        assertThat(MechanismTable.hash(HashAlgorithm.SHA_512)).contains(
                new MechanismTable.HashRow(PKCS11Constants.CKM_SHA512, PKCS11Constants.CKG_MGF1_SHA512));
        assertThat(MechanismTable.hash(HashAlgorithm.SHA3_256)).contains(
                new MechanismTable.HashRow(PKCS11Constants.CKM_SHA3_256, PKCS11Constants.CKG_MGF1_SHA3_256));
        assertThat(MechanismTable.hash(HashAlgorithm.SHA3_384)).contains(
                new MechanismTable.HashRow(PKCS11Constants.CKM_SHA3_384, PKCS11Constants.CKG_MGF1_SHA3_384));
        assertThat(MechanismTable.hash(HashAlgorithm.SHA3_512)).contains(
                new MechanismTable.HashRow(PKCS11Constants.CKM_SHA3_512, PKCS11Constants.CKG_MGF1_SHA3_512));
        assertThat(MechanismTable.hash(HashAlgorithm.BELT_HASH)).isEmpty();
        assertThat(MechanismTable.hash(HashAlgorithm.STREEBOG_512)).isEmpty();
    }

    @Test
    void whenRowNamedByOasis_thenItsValueEqualsTheWrappersConstant() {
        for (Row r : MechanismTable.rows()) {
            Long oasis = PKCS11Constants.ckmNameToCode(r.name());
            if (oasis != null) {
                assertThat(r.mechanism()).as(r.name()).isEqualTo(oasis);
            } else {
                assertThat(MechanismTable.extraName(r.mechanism())).as(r.name()).isEqualTo(r.name());
            }
        }
    }

    @Test
    void whenGostRows_thenBoundToKeyBits() {
        Set<Long> raw = Set.of(CKM_GOSTR3410, CKM_GOSTR3410_512);

        assertThat(MechanismTable.select(SignatureAlgorithms.GOST_2012_256, 256, true, raw::contains))
                .map(Row::mechanism).contains(CKM_GOSTR3410);
        assertThat(MechanismTable.select(SignatureAlgorithms.GOST_2012_512, 512, true, raw::contains))
                .map(Row::mechanism).contains(CKM_GOSTR3410_512);
        // CKM_GOSTR3410 only for 256-bit keys, CKM_GOSTR3410_512 only for 512-bit keys
        assertThat(MechanismTable.select(SignatureAlgorithms.GOST_2012_512, 512, true, Set.of(CKM_GOSTR3410)::contains))
                .isEmpty();
        assertThat(MechanismTable.select(SignatureAlgorithms.GOST_2012_256, 256, true,
                Set.of(CKM_GOSTR3410_512)::contains)).isEmpty();
        // the algorithm of the other size never fits a key
        assertThat(MechanismTable.select(SignatureAlgorithms.GOST_2012_256, 512, false,
                allRowMechanisms()::contains)).isEmpty();
        assertThat(MechanismTable.select(SignatureAlgorithms.GOST_2012_512, 256, false,
                allRowMechanisms()::contains)).isEmpty();
        assertThat(MechanismTable.rows()).filteredOn(r -> r.scheme() == SignatureScheme.GOST_2012)
                .allSatisfy(r -> assertThat(r.keyBits()).isEqualTo(r.hash().length() * 8));
    }

    @Test
    void whenBign_thenTheRawMechanismSignsTheHostsBeltHashAndHbeltServesTokensWithoutIt() {
        // belt-hash runs on the host (org.pechatka.crypto.stb): CKM_BIGN is usable for data too
        assertThat(HashAlgorithm.BELT_HASH.hostSupported()).isTrue();
        SignatureAlgorithm bign = SignatureAlgorithms.BIGN_HBELT;
        Set<Long> both = Set.of(CKM_BIGN, CKM_BIGN_HBELT);

        assertThat(MechanismTable.select(bign, 256, false, Set.of(CKM_BIGN)::contains)).get()
                .extracting(Row::mechanism, Row::input).containsExactly(CKM_BIGN, Input.DIGEST);
        assertThat(MechanismTable.select(bign, 0, false, Set.of(CKM_BIGN)::contains)).isPresent();
        assertThat(MechanismTable.supports(bign, Set.of(CKM_BIGN))).isTrue();
        // with both, the raw mechanism comes first, as for every other scheme
        assertThat(MechanismTable.select(bign, 256, false, both::contains)).get()
                .extracting(Row::mechanism).isEqualTo(CKM_BIGN);

        Row hbelt = MechanismTable.select(bign, 256, false, Set.of(CKM_BIGN_HBELT)::contains).orElseThrow();
        assertThat(hbelt).extracting(Row::name, Row::mechanism, Row::input, Row::param, Row::keyBits)
                .containsExactly("CKM_BIGN_HBELT", CKM_BIGN_HBELT, Input.DATA, Param.NONE, 256);
        assertThat(MechanismTable.supports(bign, Set.of(CKM_BIGN_HBELT))).isTrue();
        // CKM_BIGN_HBELT is level 128 only: a 384-bit (level 192) key needs CKM_BIGN
        assertThat(MechanismTable.select(bign, 384, false, Set.of(CKM_BIGN_HBELT)::contains)).isEmpty();
        assertThat(MechanismTable.select(bign, 384, false, both::contains)).get()
                .extracting(Row::mechanism).isEqualTo(CKM_BIGN);
        // a caller who brings the belt-hash itself: CKM_BIGN signs it, CKM_BIGN_HBELT cannot
        assertThat(MechanismTable.select(bign, 256, true, Set.of(CKM_BIGN)::contains)).get()
                .extracting(Row::mechanism).isEqualTo(CKM_BIGN);
        assertThat(MechanismTable.select(bign, 256, true, Set.of(CKM_BIGN_HBELT)::contains)).isEmpty();
        // the CKM_BIGN row itself carries the hash OID as its parameter
        assertThat(MechanismTable.rows()).filteredOn(r -> r.mechanism() == CKM_BIGN)
                .singleElement().extracting(Row::input, Row::param).containsExactly(Input.DIGEST, Param.HASH_OID);
    }

    @Test
    void whenSupportsAsked_thenConsistentWithSelectForAnyKeySize() {
        List<Set<Long>> offers = new java.util.ArrayList<>(List.of(Set.of(), SOFTHSM2, combinedOnly(),
                allRowMechanisms()));
        for (Row r : MechanismTable.rows()) {
            offers.add(Set.of(r.mechanism()));
        }
        for (Set<Long> offer : offers) {
            for (SignatureAlgorithm a : SignatureAlgorithms.all()) {
                assertThat(MechanismTable.supports(a, offer)).as(a.name() + " " + offer)
                        .isEqualTo(MechanismTable.select(a, 0, false, offer::contains).isPresent());
            }
        }
        assertThat(MechanismTable.supports(SignatureAlgorithms.GOST_2012_256, Set.of(CKM_GOSTR3410))).isTrue();
        assertThat(MechanismTable.supports(SignatureAlgorithms.GOST_2012_512, Set.of(CKM_GOSTR3410))).isFalse();
        assertThat(MechanismTable.supports(SignatureAlgorithms.ED25519, Set.of(CKM_ECDSA))).isFalse();
        assertThat(MechanismTable.supports(SignatureAlgorithms.SHA256_ECDSA, Set.of())).isFalse();
    }

    @Test
    void whenRowsListed_thenNoTwoShareSchemeHashKeyBitsAndMechanism() {
        Set<List<Object>> seen = new HashSet<>();
        for (Row r : MechanismTable.rows()) {
            assertThat(seen.add(java.util.Arrays.asList(r.scheme(), r.hash(), r.keyBits(), r.mechanism())))
                    .as("duplicate row " + r).isTrue();
        }
        assertThat(seen).hasSize(MechanismTable.rows().size());
    }

    @Test
    void whenRowsListed_thenRawRowsComeBeforeCombinedOnesOfTheSameScheme() {
        List<Row> rows = MechanismTable.rows();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                if (rows.get(i).scheme() == rows.get(j).scheme() && rows.get(j).input() != Input.DATA) {
                    assertThat(rows.get(i).input()).as(rows.get(i) + " before " + rows.get(j))
                            .isNotEqualTo(Input.DATA);
                }
            }
        }
    }

    @Test
    void whenKeyTypeAskedForEveryFamily_thenCkkAndKeyGenMechanism() {
        for (KeyFamily f : KeyFamily.values()) {
            assertThat(MechanismTable.keyType(f, 256)).as(f.name()).isPresent()
                    .get().extracting(KeyTypeRow::family).isEqualTo(f);
        }
        assertThat(MechanismTable.keyType(KeyFamily.RSA, 2048)).contains(new KeyTypeRow(KeyFamily.RSA,
                PKCS11Constants.CKK_RSA, PKCS11Constants.CKM_RSA_PKCS_KEY_PAIR_GEN, "CKM_RSA_PKCS_KEY_PAIR_GEN"));
        assertThat(MechanismTable.keyType(KeyFamily.EC, 384)).contains(new KeyTypeRow(KeyFamily.EC,
                PKCS11Constants.CKK_EC, PKCS11Constants.CKM_EC_KEY_PAIR_GEN, "CKM_EC_KEY_PAIR_GEN"));
        assertThat(MechanismTable.keyType(KeyFamily.EDDSA, 256)).contains(new KeyTypeRow(KeyFamily.EDDSA,
                PKCS11Constants.CKK_EC_EDWARDS, PKCS11Constants.CKM_EC_EDWARDS_KEY_PAIR_GEN,
                "CKM_EC_EDWARDS_KEY_PAIR_GEN"));
        // bign keys are CKK_EC with a bign curve (STB 34.101.78)
        assertThat(MechanismTable.keyType(KeyFamily.BIGN, 256)).contains(new KeyTypeRow(KeyFamily.BIGN,
                0x3L, 0x1040L, "CKM_EC_KEY_PAIR_GEN"));
        assertThat(MechanismTable.keyType(KeyFamily.GOST_2012, 256)).contains(new KeyTypeRow(KeyFamily.GOST_2012,
                PKCS11Constants.CKK_GOSTR3410, PKCS11Constants.CKM_GOSTR3410_KEY_PAIR_GEN,
                "CKM_GOSTR3410_KEY_PAIR_GEN"));
        // GOST 512: the TC26 vendor values
        assertThat(MechanismTable.keyType(KeyFamily.GOST_2012, 512)).contains(new KeyTypeRow(KeyFamily.GOST_2012,
                0xD4321003L, 0xD4321005L, "CKM_GOSTR3410_512_KEY_PAIR_GEN"));
        assertThat(MechanismTable.extraName(0xD4321005L)).isEqualTo("CKM_GOSTR3410_512_KEY_PAIR_GEN");
    }

    @Test
    void whenNationalMechanism_thenExtraNameKnown_andOasisOnesNot() {
        assertThat(MechanismTable.extraName(CKM_BIGN)).isEqualTo("CKM_BIGN");
        assertThat(MechanismTable.extraName(CKM_BIGN_HBELT)).isEqualTo("CKM_BIGN_HBELT");
        assertThat(MechanismTable.extraName(CKM_GOSTR3410_512)).isEqualTo("CKM_GOSTR3410_512");
        assertThat(MechanismTable.extraName(CKM_ECDSA)).isNull();
    }
}
