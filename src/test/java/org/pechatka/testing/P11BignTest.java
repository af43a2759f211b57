package org.pechatka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALLOWED_MECHANISMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_AUTHENTICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SUBJECT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKC_X_509;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_GENERATE_KEY_PAIR;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_LOGIN_REQUIRED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_RNG;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_SIGN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_TOKEN_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_COUNT_LOW;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_FINAL_TRY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_VERIFY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ATTRIBUTE_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_BUFFER_TOO_SMALL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_NOT_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CURVE_NOT_SUPPORTED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_DATA_LEN_RANGE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_FUNCTION_NOT_SUPPORTED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_GENERAL_ERROR;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_FUNCTION_NOT_PERMITTED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_SIZE_RANGE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_TYPE_INCONSISTENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_MECHANISM_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_MECHANISM_PARAM_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OBJECT_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OK;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OPERATION_NOT_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_INCORRECT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_PIN_LOCKED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_READ_ONLY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SIGNATURE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SIGNATURE_LEN_RANGE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_TEMPLATE_INCONSISTENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_NOT_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RO_PUBLIC_SESSION;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RO_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RW_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_CONTEXT_SPECIFIC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import iaik.pkcs.pkcs11.wrapper.CK_ATTRIBUTE;
import iaik.pkcs.pkcs11.wrapper.CK_MECHANISM;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECGOST3410Signer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.testing.P11Bign.Curve;
import org.pechatka.testing.P11Bign.EcPointLayout;
import org.pechatka.testing.P11Bign.Kind;
import org.pechatka.testing.P11Bign.KeyMaterial;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.MechanismInfo;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenInfo;
import org.xipki.pkcs11.wrapper.params.ByteArrayParams;

/**
 * Tests of the bign/GOST PKCS#11 test module itself (src/test/c/p11bign.c) through the raw xipki
 * wrapper (and, for buffer sizes the wrapper hides, {@link P11Raw}), independent of Pechatka's
 * token layer. Signatures are checked by code that shares nothing with the module: the
 * standards' vectors, {@link BignTestCrypto} (Java bign) and Bouncy Castle (GOST).
 */
class P11BignTest {

    private static final String PIN = "1234";
    private static final byte[] BELT_OID = BignTestCrypto.BELT_HASH_OID_DER;
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicInteger CONFIGS = new AtomicInteger();

    @TempDir
    static Path work;

    private static Vectors bign;
    private static KeyMaterial g1; // the key of STB 34.101.45 test G.1, level 128
    private static KeyMaterial bign192;
    private static KeyMaterial bign256;
    private static KeyMaterial gost256;
    private static KeyMaterial gost512;
    private static byte[] certificate; // an X.509 certificate for g1's public key

    private PKCS11Module module;

    @BeforeAll
    static void keys() {
        P11Bign.library(); // fails early (never skips) when the module was not built
        bign = Vectors.load("bign.txt");
        g1 = KeyMaterial.of(Kind.BIGN, Curve.bign(128), BignTestCrypto.le(bign.hex("G1_privkey_d_le"), 0, 32));
        bign192 = P11Bign.bignKey(192);
        bign256 = P11Bign.bignKey(256);
        gost256 = P11Bign.gost256Key();
        gost512 = P11Bign.gost512Key();
        try {
            X509Certificate cert = TestCa.create("p11bign test CA").issue(g1.spki(), new X500Name("CN=bign G.1"));
            certificate = cert.getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void finalizeModule() throws PKCS11Exception {
        if (module != null) {
            module.finalize(null);
            module = null;
        }
    }

    /** The usual token: five keys (ids 01-03 bign, 11-12 GOST) and a certificate for key 01. */
    private static P11Bign.Builder usualToken() {
        return P11Bign.token().label("bign test token").serial("P11B-0042").model("test model")
                .manufacturer("Pechatka test lab")
                .key(P11Bign.key("g1", g1).id(id("01")).label("bign 128"))
                .key(P11Bign.key("b192", bign192).id(id("02")).label("bign 192"))
                .key(P11Bign.key("b256", bign256).id(id("03")).label("bign 256"))
                .key(P11Bign.key("gost256", gost256).id(id("11")).label("gost 256"))
                .key(P11Bign.key("gost512", gost512).id(id("12")).label("gost 512"))
                .certificate("c1", id("01"), "bign certificate", certificate);
    }

    private void start(P11Bign.Builder token) throws Exception {
        module = P11Bign.initialize(token.write(work.resolve("token-" + CONFIGS.incrementAndGet() + ".conf")));
    }

    private Token token() throws PKCS11Exception {
        Slot[] slots = module.getSlotList(true);
        assertThat(slots).hasSize(1);
        return slots[0].getToken();
    }

    private Session loggedIn() throws PKCS11Exception {
        Session session = token().openSession(false);
        session.login(CKU_USER, PIN.toCharArray());
        return session;
    }

    private static long find(Session session, long objectClass, String idHex) throws PKCS11Exception {
        long[] handles = session.findAllObjectsSingle(new AttributeVector().class_(objectClass).id(id(idHex)));
        assertThat(handles).as("objects of class %d with id %s", objectClass, idHex).hasSize(1);
        return handles[0];
    }

    private static byte[] id(String hex) {
        return HEX.parseHex(hex);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Mechanism bign(byte[] hashOid) {
        return new Mechanism(P11Bign.CKM_BIGN, new ByteArrayParams(hashOid));
    }

    /** A raw attribute read through the low-level interface (no wrapper post-processing). */
    private Object rawAttribute(Session session, long handle, long type) throws Exception {
        CK_ATTRIBUTE[] template = {new CK_ATTRIBUTE()};
        template[0].type = type;
        module.getPKCS11Module().C_GetAttributeValue(session.getSessionHandle(), handle, template, true);
        return template[0].pValue;
    }

    @FunctionalInterface
    private interface P11Call {
        void run() throws Exception;
    }

    /** The CKR_ a call fails with (through the wrapper or its low-level interface); fails when it succeeds. */
    private static long ckr(P11Call call) throws Exception {
        try {
            call.run();
        } catch (PKCS11Exception e) {
            return e.getErrorCode();
        } catch (iaik.pkcs.pkcs11.wrapper.PKCS11Exception e) {
            return e.getErrorCode();
        }
        throw new AssertionError("the call succeeded");
    }

    // ------------------------------------------------------------------ module, slot, token

    @Test
    void whenLoaded_thenSlotAndTokenAreTheConfiguredOnes() throws Exception {
        start(usualToken());

        assertThat(module.getInfo().getManufacturerID()).isEqualTo("Pechatka tests");
        Slot slot = module.getSlotList(false)[0];
        assertThat(slot.getSlotID()).isZero();
        assertThat(slot.getSlotInfo().isTokenPresent()).isTrue();
        TokenInfo info = token().getTokenInfo();
        assertThat(info.getLabel()).isEqualTo("bign test token");
        assertThat(info.getSerialNumber()).isEqualTo("P11B-0042");
        assertThat(info.getModel()).isEqualTo("test model");
        assertThat(info.getManufacturerID()).isEqualTo("Pechatka test lab");
        assertThat(info.getFlags()).isEqualTo(
                CKF_RNG | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED);
    }

    @Test
    void whenLoginIsNotRequired_thenFlagIsClearAndPrivateKeysAreUsableWithoutLogin() throws Exception {
        start(usualToken().loginRequired(false).slotId(7));

        Slot slot = module.getSlotList(true)[0];
        assertThat(slot.getSlotID()).isEqualTo(7);
        assertThat(slot.getToken().getTokenInfo().hasFlagBit(CKF_LOGIN_REQUIRED)).isFalse();
        Session session = slot.getToken().openSession(false);
        long key = find(session, CKO_PRIVATE_KEY, "01");
        byte[] hash = random(32);
        session.signInit(bign(BELT_OID), key);
        assertThat(BignTestCrypto.bignVerify(g1.curve(), g1.publicPoint(), BELT_OID, hash, session.sign(hash)))
                .isTrue();
    }

    @Test
    void whenMechanismsAreConfigured_thenExactlyThoseAreAnnouncedAndUsable() throws Exception {
        start(usualToken().mechanisms(P11Bign.CKM_BIGN));
        Token token = token();
        // the wrapper passes the numbers below CKM_VENDOR_DEFINED through unchanged
        assertThat(token.getMechanismList()).containsExactly(P11Bign.CKM_BIGN);
        MechanismInfo info = token.getMechanismInfo(P11Bign.CKM_BIGN);
        assertThat(info.getFlags() & (CKF_SIGN | CKF_VERIFY)).isEqualTo(CKF_SIGN | CKF_VERIFY);
        assertThat(info.getMinKeySize()).isEqualTo(256);
        assertThat(info.getMaxKeySize()).isEqualTo(512);
        assertThat(ckr(() -> module.getPKCS11Module().C_GetMechanismInfo(0, P11Bign.CKM_BIGN_HBELT)))
                .isEqualTo(CKR_MECHANISM_INVALID);
        Session session = loggedIn();
        long key = find(session, CKO_PRIVATE_KEY, "01");
        assertThat(ckr(() -> session.signInit(new Mechanism(P11Bign.CKM_BIGN_HBELT), key)))
                .isEqualTo(CKR_MECHANISM_INVALID);
        module.finalize(null);
        module = null;

        start(usualToken().mechanisms(P11Bign.CKM_BIGN_HBELT, P11Bign.CKM_GOSTR3410_512, CKM_SHA256));
        assertThat(token().getMechanismList())
                .containsExactly(P11Bign.CKM_BIGN_HBELT, P11Bign.CKM_GOSTR3410_512, CKM_SHA256);
        assertThat(token().getMechanismInfo(P11Bign.CKM_GOSTR3410_512).getMinKeySize()).isEqualTo(512);
        // announced but not implemented: listed without functions, refused at C_SignInit
        assertThat(token().getMechanismInfo(CKM_SHA256).getFlags()).isZero();
        Session other = loggedIn();
        long gostKey = find(other, CKO_PRIVATE_KEY, "12");
        assertThat(ckr(() -> other.signInit(new Mechanism(CKM_SHA256), gostKey))).isEqualTo(CKR_MECHANISM_INVALID);
        assertThat(ckr(() -> other.signInit(bign(BELT_OID), find(other, CKO_PRIVATE_KEY, "01"))))
                .isEqualTo(CKR_MECHANISM_INVALID);
    }

    @Test
    void whenDefaultMechanisms_thenAllImplementedOnesAreAnnouncedWithKeyGeneration() throws Exception {
        start(usualToken());

        assertThat(token().getMechanismList()).containsExactly(P11Bign.CKM_BIGN, P11Bign.CKM_BIGN_HBELT,
                P11Bign.CKM_EC_KEY_PAIR_GEN, P11Bign.CKM_GOSTR3410, P11Bign.CKM_GOSTR3410_512,
                P11Bign.CKM_GOSTR3410_KEY_PAIR_GEN, P11Bign.CKM_GOSTR3410_512_KEY_PAIR_GEN);
        assertThat(token().getMechanismInfo(P11Bign.CKM_EC_KEY_PAIR_GEN).getFlags() & CKF_GENERATE_KEY_PAIR)
                .isNotZero();
        assertThat(token().getMechanismInfo(P11Bign.CKM_BIGN_HBELT).getMaxKeySize()).isEqualTo(256);
    }

    @Test
    void whenInitialisedTwiceOrUsedAfterFinalize_thenCryptokiStateErrors() throws Exception {
        start(usualToken());
        assertThat(ckr(() -> module.initialize())).isEqualTo(CKR_CRYPTOKI_ALREADY_INITIALIZED);
        PKCS11Module finalized = module;
        module.finalize(null);
        module = null;
        assertThat(ckr(() -> finalized.getSlotList(true))).isEqualTo(CKR_CRYPTOKI_NOT_INITIALIZED);
        assertThat(ckr(() -> finalized.finalize(null))).isEqualTo(CKR_CRYPTOKI_NOT_INITIALIZED);
    }

    @Test
    void whenConfigurationIsWrong_thenInitializeFails() throws Exception {
        // a public key that is not d*G: the module checks the harness' byte order
        KeyMaterial mismatched = new KeyMaterial(Kind.BIGN, g1.curve(), g1.d(), g1.publicPoint().twice());
        for (P11Bign.Builder wrong : List.of(
                P11Bign.token().key(P11Bign.key("k", mismatched)),
                P11Bign.token().rawLine("token.labl = typo"),
                P11Bign.token().key(P11Bign.key("k", g1)).rawLine("key.k.ec_point = sideways"),
                P11Bign.token().rawLine("mechanisms = CKM_NOTHING"),
                P11Bign.token().pin(""),
                P11Bign.token().rawLine("key.k.kind = bign").rawLine("key.k.curve = nowhere"))) {
            P11Bign.Config conf = wrong.write(work.resolve("wrong-" + CONFIGS.incrementAndGet() + ".conf"));
            assertThat(ckr(() -> P11Bign.initialize(conf))).as("%s", wrong.text()).isEqualTo(CKR_GENERAL_ERROR);
        }
    }

    // ------------------------------------------------------------------ sessions and login

    @Test
    void whenLoggingIn_thenPinIsCheckedAndLoginIsSharedBySessions() throws Exception {
        start(usualToken());
        Session first = token().openSession(false);
        Session second = token().openSession(true);

        assertThat(ckr(() -> first.login(CKU_USER, "9999".toCharArray()))).isEqualTo(CKR_PIN_INCORRECT);
        assertThat(first.getSessionInfo().getState()).isEqualTo(CKS_RO_PUBLIC_SESSION);
        first.login(CKU_USER, PIN.toCharArray());
        assertThat(first.getSessionInfo().getState()).isEqualTo(CKS_RO_USER_FUNCTIONS);
        assertThat(second.getSessionInfo().getState()).isEqualTo(CKS_RW_USER_FUNCTIONS);
        assertThat(ckr(() -> second.login(CKU_USER, PIN.toCharArray()))).isEqualTo(CKR_USER_ALREADY_LOGGED_IN);

        second.logout();
        assertThat(first.getSessionInfo().getState()).isEqualTo(CKS_RO_PUBLIC_SESSION);
        assertThat(ckr(first::logout)).isEqualTo(CKR_USER_NOT_LOGGED_IN);

        // the login ends with the last session
        first.login(CKU_USER, PIN.toCharArray());
        first.closeSession();
        second.closeSession();
        assertThat(token().openSession(false).getSessionInfo().getState()).isEqualTo(CKS_RO_PUBLIC_SESSION);
    }

    @Test
    void whenPinTriesAreLimited_thenFlagsCountDownAndThePinLocks() throws Exception {
        start(usualToken().pinMaxTries(3));
        Session session = token().openSession(false);

        assertThat(ckr(() -> session.login(CKU_USER, "0000".toCharArray()))).isEqualTo(CKR_PIN_INCORRECT);
        assertThat(token().getTokenInfo().hasFlagBit(CKF_USER_PIN_COUNT_LOW)).isTrue();
        session.login(CKU_USER, PIN.toCharArray()); // a right PIN resets the count
        session.logout();
        assertThat(token().getTokenInfo().hasFlagBit(CKF_USER_PIN_COUNT_LOW)).isFalse();

        assertThat(ckr(() -> session.login(CKU_USER, "0000".toCharArray()))).isEqualTo(CKR_PIN_INCORRECT);
        assertThat(ckr(() -> session.login(CKU_USER, "0000".toCharArray()))).isEqualTo(CKR_PIN_INCORRECT);
        assertThat(token().getTokenInfo().hasFlagBit(CKF_USER_PIN_FINAL_TRY)).isTrue();
        assertThat(ckr(() -> session.login(CKU_USER, "0000".toCharArray()))).isEqualTo(CKR_PIN_INCORRECT);
        assertThat(token().getTokenInfo().hasFlagBit(CKF_USER_PIN_LOCKED)).isTrue();
        assertThat(ckr(() -> session.login(CKU_USER, PIN.toCharArray()))).isEqualTo(CKR_PIN_LOCKED);
    }

    // ------------------------------------------------------------------ objects

    @Test
    void whenListingObjects_thenPrivateKeysAppearOnlyAfterLogin() throws Exception {
        start(usualToken());
        Session session = token().openSession(false);

        assertThat(session.findAllObjectsSingle(new AttributeVector().class_(CKO_PUBLIC_KEY))).hasSize(5);
        assertThat(session.findAllObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY))).isEmpty();
        long[] certs = session.findAllObjectsSingle(new AttributeVector().class_(CKO_CERTIFICATE)
                .certificateType(CKC_X_509));
        assertThat(certs).hasSize(1);
        AttributeVector cert = session.getAttrValues(certs[0], CKA_ID, CKA_LABEL, CKA_VALUE, CKA_SUBJECT);
        assertThat(cert.id()).isEqualTo(id("01"));
        assertThat(cert.label()).isEqualTo("bign certificate");
        assertThat(cert.value()).isEqualTo(certificate);
        assertThat(cert.subject()).isEqualTo(new X500Name("CN=bign G.1").getEncoded());
        assertThat(session.findAllObjectsSingle(new AttributeVector().value(certificate))).containsExactly(certs[0]);

        session.login(CKU_USER, PIN.toCharArray());
        assertThat(session.findAllObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY))).hasSize(5);
        assertThat(session.findAllObjectsSingle(new AttributeVector().id(id("01")))).hasSize(3);
        assertThat(session.findAllObjectsSingle(new AttributeVector().label("gost 512"))).hasSize(2);
        assertThat(session.findAllObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY).keyType(CKK_EC)))
                .hasSize(3);
        assertThat(session.findAllObjectsSingle(new AttributeVector().keyType(P11Bign.CKK_GOSTR3410_512)))
                .hasSize(2);

        long privateKey = find(session, CKO_PRIVATE_KEY, "02");
        session.logout();
        // a private object's handle while logged out: the module answers as SoftHSM does
        assertThat(ckr(() -> session.getAttrValues(privateKey, CKA_LABEL))).isEqualTo(CKR_USER_NOT_LOGGED_IN);
        assertThat(ckr(() -> session.getAttrValues(0x7777, CKA_LABEL))).isEqualTo(CKR_OBJECT_HANDLE_INVALID);
    }

    @Test
    void whenReadingKeyAttributes_thenTheyFollowTheProfilesAndPrivateValuesAreSensitive() throws Exception {
        start(usualToken());
        Session session = loggedIn();

        long bignPrivate = find(session, CKO_PRIVATE_KEY, "01");
        AttributeVector a = session.getAttrValues(bignPrivate, CKA_KEY_TYPE, CKA_EC_PARAMS, CKA_LABEL,
                CKA_ALWAYS_AUTHENTICATE);
        assertThat(a.keyType()).isEqualTo(CKK_EC);
        assertThat(a.ecParams()).isEqualTo(HEX.parseHex("060A2A7000020022652D0301")); // bign-curve256v1
        assertThat(a.label()).isEqualTo("bign 128");
        assertThat(a.alwaysAuthenticate()).isFalse();
        assertThat(session.getAttrValues(bignPrivate, CKA_VALUE).getAttribute(CKA_VALUE).isSensitive()).isTrue();
        P11Raw raw = P11Raw.load(P11Bign.library());
        P11Raw.Output value = raw.attribute(session.getSessionHandle(), bignPrivate, CKA_VALUE, null);
        assertThat(value.rv()).isEqualTo(CKR_ATTRIBUTE_SENSITIVE);
        assertThat(value.length()).isEqualTo(P11Raw.UNAVAILABLE);

        long gostPublic = find(session, CKO_PUBLIC_KEY, "11");
        assertThat(session.getAttrValues(gostPublic, CKA_KEY_TYPE).keyType()).isEqualTo(P11Bign.CKK_GOSTR3410);
        assertThat((byte[]) rawAttribute(session, gostPublic, P11Bign.CKA_GOSTR3410_PARAMS))
                .isEqualTo(new ASN1ObjectIdentifier("1.2.643.7.1.2.1.1.2").getEncoded());
        assertThat((byte[]) rawAttribute(session, gostPublic, P11Bign.CKA_GOSTR3411_PARAMS))
                .isEqualTo(new ASN1ObjectIdentifier("1.2.643.7.1.1.2.2").getEncoded());
        // GOST public keys carry x_LE || y_LE in CKA_VALUE (PKCS#11 v2.40)
        assertThat(session.getAttrValues(gostPublic, CKA_VALUE).value()).isEqualTo(gost256.publicKeyLe());
        long gost512Public = find(session, CKO_PUBLIC_KEY, "12");
        assertThat(session.getAttrValues(gost512Public, CKA_VALUE).value()).hasSize(128)
                .isEqualTo(gost512.publicKeyLe());
        assertThat((byte[]) rawAttribute(session, gost512Public, P11Bign.CKA_GOSTR3410_PARAMS))
                .isEqualTo(new ASN1ObjectIdentifier("1.2.643.7.1.2.1.2.1").getEncoded());
    }

    @Test
    void whenKeysRestrictMechanismsOrNeedContextLogin_thenAttributesSayItAndTheModuleEnforcesIt() throws Exception {
        start(P11Bign.token()
                .key(P11Bign.key("hbelt", g1).id(id("01")).allowedMechanisms(P11Bign.CKM_BIGN_HBELT))
                .key(P11Bign.key("always", bign256).id(id("02")).alwaysAuthenticate(true)));
        Session session = loggedIn();
        long restricted = find(session, CKO_PRIVATE_KEY, "01");
        assertThat((long[]) rawAttribute(session, restricted, CKA_ALLOWED_MECHANISMS))
                .containsExactly(P11Bign.CKM_BIGN_HBELT);
        assertThat(ckr(() -> session.signInit(bign(BELT_OID), restricted))).isEqualTo(CKR_MECHANISM_INVALID);
        session.signInit(new Mechanism(P11Bign.CKM_BIGN_HBELT), restricted);
        assertThat(session.sign(new byte[] {1, 2, 3})).hasSize(48);

        long always = find(session, CKO_PRIVATE_KEY, "02");
        assertThat(session.getAttrValues(always, CKA_ALWAYS_AUTHENTICATE).alwaysAuthenticate()).isTrue();
        assertThat((long[]) rawAttribute(session, always, CKA_ALLOWED_MECHANISMS)).isNullOrEmpty();
        byte[] hash = random(64);
        session.signInit(bign(BELT_OID), always);
        assertThat(ckr(() -> session.sign(hash))).isEqualTo(CKR_USER_NOT_LOGGED_IN);
        session.signInit(bign(BELT_OID), always);
        assertThat(ckr(() -> session.login(CKU_CONTEXT_SPECIFIC, "0000".toCharArray())))
                .isEqualTo(CKR_PIN_INCORRECT);
        session.login(CKU_CONTEXT_SPECIFIC, PIN.toCharArray()); // the operation waited for a second try
        byte[] signature = session.sign(hash);
        assertThat(BignTestCrypto.bignVerify(bign256.curve(), bign256.publicPoint(), BELT_OID, hash, signature))
                .isTrue();
        session.signInit(bign(BELT_OID), always); // every signature needs its own context login
        assertThat(ckr(() -> session.sign(hash))).isEqualTo(CKR_USER_NOT_LOGGED_IN);
    }

    @Test
    void whenCreatingCertificates_thenTheyAreObjectsWithFreshHandles() throws Exception {
        start(usualToken());
        Session readOnly = loggedIn();
        byte[] der = TestCa.create("another CA").issue(bign256.spki(), new X500Name("CN=bign 256")).getEncoded();
        AttributeVector template = AttributeVector.newX509Certificate().token(true).private_(false)
                .id(id("03")).label("stored").value(der);
        assertThat(ckr(() -> readOnly.createObject(template))).isEqualTo(CKR_SESSION_READ_ONLY);

        Session session = token().openSession(true);
        long created = session.createObject(template);
        long existing = session.findAllObjectsSingle(new AttributeVector().class_(CKO_CERTIFICATE).id(id("01")))[0];
        assertThat(created).isNotEqualTo(existing);
        assertThat(session.findAllObjectsSingle(new AttributeVector().class_(CKO_CERTIFICATE).value(der)))
                .containsExactly(created);
        assertThat(session.getAttrValues(created, CKA_SUBJECT).subject())
                .isEqualTo(new X500Name("CN=bign 256").getEncoded());

        // a session object goes with its session
        long sessionObject = session.createObject(AttributeVector.newX509Certificate().token(false).value(der)
                .label("ephemeral"));
        assertThat(readOnly.findAllObjectsSingle(new AttributeVector().label("ephemeral")))
                .containsExactly(sessionObject);
        session.closeSession();
        assertThat(readOnly.findAllObjectsSingle(new AttributeVector().label("ephemeral"))).isEmpty();
        assertThat(readOnly.findAllObjectsSingle(new AttributeVector().label("stored"))).containsExactly(created);
    }

    @Test
    void whenBignPublicKeysUseEachEcPointLayout_thenCkaEcPointComesOutAsConfigured() throws Exception {
        P11Bign.Builder token = P11Bign.token();
        EcPointLayout[] layouts = EcPointLayout.values();
        for (int i = 0; i < layouts.length; i++) {
            token.key(P11Bign.key("k" + i, g1).id(new byte[] {(byte) i}).ecPoint(layouts[i]));
        }
        token.key(P11Bign.key("default", bign192).id(id("10")));
        start(token);
        Session session = token().openSession(false);

        for (int i = 0; i < layouts.length; i++) {
            long handle = find(session, CKO_PUBLIC_KEY, HEX.formatHex(new byte[] {(byte) i}));
            assertThat((byte[]) rawAttribute(session, handle, CKA_EC_POINT)).as("%s", layouts[i])
                    .isEqualTo(layouts[i].encode(g1));
        }
        long other = find(session, CKO_PUBLIC_KEY, "10");
        assertThat((byte[]) rawAttribute(session, other, CKA_EC_POINT)).isEqualTo(EcPointLayout.DER.encode(bign192));
        // the first octets of the raw layouts: a reader must not take x_LE for a DER tag
        assertThat(EcPointLayout.RAW.encode(g1)).hasSize(64).startsWith(0xBD);
        assertThat(EcPointLayout.X962.encode(g1)).hasSize(65).startsWith(0x04, 0xD0);
    }

    @Test
    void whenTheWrapperReadsCkaEcPoint_thenItStripsDerButKeepsBothRawLayouts() throws Exception {
        // what xipki's high-level getAttrValues makes of the layouts for a curve it does not know
        P11Bign.Builder token = P11Bign.token();
        EcPointLayout[] layouts = EcPointLayout.values();
        for (int i = 0; i < layouts.length; i++) {
            token.key(P11Bign.key("k" + i, g1).id(new byte[] {(byte) i}).ecPoint(layouts[i]));
        }
        start(token);
        Session session = token().openSession(false);
        byte[][] seen = new byte[layouts.length][];
        for (int i = 0; i < layouts.length; i++) {
            seen[i] = session.getAttrValues(find(session, CKO_PUBLIC_KEY, HEX.formatHex(new byte[] {(byte) i})),
                    CKA_EC_POINT).ecPoint();
        }
        assertThat(seen[EcPointLayout.RAW.ordinal()]).isEqualTo(g1.publicKeyLe());
        assertThat(seen[EcPointLayout.DER.ordinal()]).isEqualTo(g1.publicKeyLe());
        assertThat(seen[EcPointLayout.X962.ordinal()]).isEqualTo(g1.x962());
        assertThat(seen[EcPointLayout.X962_DER.ordinal()]).isEqualTo(g1.x962());
    }

    // ------------------------------------------------------------------ bign

    @Test
    void whenVerifyingTheStandardSignatures_thenCkmBignAndCkmBignHbeltAcceptThem() throws Exception {
        // test G.1's public key only (no private key on the token)
        start(P11Bign.token().key(P11Bign.key("g1", KeyMaterial.publicOnly(Kind.BIGN, g1.curve(), g1.publicPoint()))
                .id(id("01")).publicOnly()));
        Session session = token().openSession(false);
        long key = find(session, CKO_PUBLIC_KEY, "01");
        assertThat(session.getAttrValues(key, CKA_EC_POINT).ecPoint()).isEqualTo(bign.hex("G1_pubkey_Q_xy_le"));

        for (String test : List.of("G2", "G3")) {
            byte[] hash = bign.hex(test + "_belt_hash");
            byte[] signature = bign.hex(test + "_signature_S0S1");
            session.verifyInit(bign(BELT_OID), key);
            session.verify(hash, signature);
            // bign-with-hbelt over the message is the same signature: belt-hash on the token
            session.verifyInit(new Mechanism(P11Bign.CKM_BIGN_HBELT), key);
            session.verify(bign.hex(test + "_message"), signature);
            // and the Java verifier agrees
            assertThat(BignTestCrypto.bignVerify(g1.curve(), g1.publicPoint(), BELT_OID, hash, signature)).isTrue();

            byte[] wrong = signature.clone();
            wrong[5] ^= 0x40;
            session.verifyInit(bign(BELT_OID), key);
            assertThat(ckr(() -> session.verify(hash, wrong))).isEqualTo(CKR_SIGNATURE_INVALID);
            session.verifyInit(bign(BELT_OID), key);
            assertThat(ckr(() -> session.verify(hash, Arrays.copyOf(signature, 47))))
                    .isEqualTo(CKR_SIGNATURE_LEN_RANGE);
        }
        // the same hash under another OID is another signature
        session.verifyInit(bign(new ASN1ObjectIdentifier("1.2.112.0.2.0.34.101.77.11").getEncoded()), key);
        assertThat(ckr(() -> session.verify(bign.hex("G2_belt_hash"), bign.hex("G2_signature_S0S1"))))
                .isEqualTo(CKR_SIGNATURE_INVALID);
    }

    @Test
    void whenJavaCheckedAgainstTheStandard_thenItsBeltHashAndBignMatchTheVectors() {
        Vectors belt = Vectors.load("belt.txt");
        assertThat(BignTestCrypto.beltBlock(belt.hex("A1_block_plain"), belt.hex("A1_block_key")))
                .isEqualTo(belt.hex("A1_block_cipher"));
        for (String test : List.of("A23_1", "A23_2", "A23_3")) {
            assertThat(BignTestCrypto.beltHash(belt.hex(test + "_msg"))).as(test)
                    .isEqualTo(belt.hex(test + "_belt_hash"));
        }
        assertThat(g1.publicKeyLe()).isEqualTo(bign.hex("G1_pubkey_Q_xy_le"));
        BigInteger k = BignTestCrypto.le(bign.hex("G2_rng_output_k_le"), 0, 32);
        assertThat(BignTestCrypto.bignSign(g1.curve(), g1.d(), BELT_OID, bign.hex("G2_belt_hash"), k))
                .isEqualTo(bign.hex("G2_signature_S0S1"));
    }

    @Test
    void whenSigningHashesWithCkmBign_thenJavaVerifiesAtEveryLevel() throws Exception {
        start(usualToken());
        Session session = loggedIn();
        byte[] bash384 = new ASN1ObjectIdentifier("1.2.112.0.2.0.34.101.77.12").getEncoded();
        record Case(String id, KeyMaterial key, byte[] oid, int length) {}
        for (Case c : List.of(new Case("01", g1, BELT_OID, 48), new Case("02", bign192, bash384, 72),
                new Case("03", bign256, BELT_OID, 96))) {
            long handle = find(session, CKO_PRIVATE_KEY, c.id());
            byte[] hash = random(c.key().curve().fieldBytes());
            session.signInit(bign(c.oid()), handle);
            byte[] signature = session.sign(hash);
            assertThat(signature).as("level %d", 4 * c.key().curve().fieldBytes()).hasSize(c.length());
            assertThat(BignTestCrypto.bignVerify(c.key().curve(), c.key().publicPoint(), c.oid(), hash, signature))
                    .isTrue();
            byte[] otherOid = Arrays.equals(c.oid(), BELT_OID) ? bash384 : BELT_OID;
            assertThat(BignTestCrypto.bignVerify(c.key().curve(), c.key().publicPoint(), otherOid, hash, signature))
                    .as("under another hash OID").isFalse();
            long publicKey = find(session, CKO_PUBLIC_KEY, c.id());
            session.verifyInit(bign(c.oid()), publicKey);
            session.verify(hash, signature);
        }
    }

    @Test
    void whenSigningDataWithCkmBignHbelt_thenItEqualsCkmBignOverBeltHash() throws Exception {
        start(usualToken());
        Session session = loggedIn();
        long key = find(session, CKO_PRIVATE_KEY, "01");
        long publicKey = find(session, CKO_PUBLIC_KEY, "01");
        byte[] data = "Pechatka signs this document with bign-with-hbelt".getBytes(StandardCharsets.UTF_8);
        byte[] hash = BignTestCrypto.beltHash(data);

        session.signInit(new Mechanism(P11Bign.CKM_BIGN_HBELT), key);
        byte[] single = session.sign(data);
        session.signInit(new Mechanism(P11Bign.CKM_BIGN_HBELT), key);
        session.signUpdate(Arrays.copyOf(data, 7));
        session.signUpdate(new byte[0]);
        session.signUpdate(Arrays.copyOfRange(data, 7, data.length));
        byte[] multi = session.signFinal();
        session.signInit(bign(BELT_OID), key);
        byte[] overHash = session.sign(hash);

        for (byte[] signature : List.of(single, multi, overHash)) {
            assertThat(signature).hasSize(48);
            assertThat(BignTestCrypto.bignVerify(g1.curve(), g1.publicPoint(), BELT_OID, hash, signature)).isTrue();
            session.verifyInit(new Mechanism(P11Bign.CKM_BIGN_HBELT), publicKey);
            session.verify(data, signature);
            session.verifyInit(new Mechanism(P11Bign.CKM_BIGN_HBELT), publicKey);
            session.verifyUpdate(Arrays.copyOf(data, 20));
            session.verifyUpdate(Arrays.copyOfRange(data, 20, data.length));
            session.verifyFinal(signature);
            session.verifyInit(bign(BELT_OID), publicKey);
            session.verify(hash, signature);
        }
        assertThat(single).isNotEqualTo(multi); // k is random
    }

    @Test
    void whenBignIsMisused_thenTheModuleAnswersWithTheRightErrors() throws Exception {
        start(usualToken());
        Session session = loggedIn();
        long key128 = find(session, CKO_PRIVATE_KEY, "01");
        long key192 = find(session, CKO_PRIVATE_KEY, "02");
        long gostKey = find(session, CKO_PRIVATE_KEY, "11");
        long publicKey = find(session, CKO_PUBLIC_KEY, "01");

        assertThat(ckr(() -> session.signInit(new Mechanism(P11Bign.CKM_BIGN), key128)))
                .as("CKM_BIGN without the hash OID").isEqualTo(CKR_MECHANISM_PARAM_INVALID);
        assertThat(ckr(() -> session.signInit(bign(HEX.parseHex("0500")), key128)))
                .as("a parameter that is not an OID").isEqualTo(CKR_MECHANISM_PARAM_INVALID);
        assertThat(ckr(() -> session.signInit(new Mechanism(P11Bign.CKM_BIGN_HBELT, new ByteArrayParams(BELT_OID)),
                key128))).as("CKM_BIGN_HBELT with a parameter").isEqualTo(CKR_MECHANISM_PARAM_INVALID);
        assertThat(ckr(() -> session.signInit(new Mechanism(P11Bign.CKM_BIGN_HBELT), key192)))
                .as("bign-with-hbelt at level 192").isEqualTo(CKR_KEY_SIZE_RANGE);
        assertThat(ckr(() -> session.signInit(bign(BELT_OID), gostKey))).isEqualTo(CKR_KEY_TYPE_INCONSISTENT);
        assertThat(ckr(() -> session.signInit(new Mechanism(P11Bign.CKM_GOSTR3410), key128)))
                .isEqualTo(CKR_KEY_TYPE_INCONSISTENT);
        assertThat(ckr(() -> session.signInit(new Mechanism(CKM_ECDSA), key128))).isEqualTo(CKR_MECHANISM_INVALID);
        assertThat(ckr(() -> session.signInit(bign(BELT_OID), publicKey))).isEqualTo(CKR_KEY_FUNCTION_NOT_PERMITTED);
        assertThat(ckr(() -> session.sign(random(32)))).isEqualTo(CKR_OPERATION_NOT_INITIALIZED);

        session.signInit(bign(BELT_OID), key128);
        assertThat(ckr(() -> session.sign(random(31)))).isEqualTo(CKR_DATA_LEN_RANGE);
        assertThat(ckr(() -> session.sign(random(32)))).as("the error ended the operation")
                .isEqualTo(CKR_OPERATION_NOT_INITIALIZED);
        session.signInit(bign(BELT_OID), key128);
        assertThat(ckr(() -> session.signUpdate(random(32)))).as("CKM_BIGN is single-part")
                .isEqualTo(CKR_FUNCTION_NOT_SUPPORTED);
        CK_MECHANISM digest = new CK_MECHANISM();
        digest.mechanism = CKM_SHA256;
        assertThat(ckr(() -> module.getPKCS11Module().C_DigestInit(session.getSessionHandle(), digest, true)))
                .isEqualTo(CKR_FUNCTION_NOT_SUPPORTED);

        // the key was found while logged in; the login ended before signing
        session.logout();
        assertThat(ckr(() -> session.signInit(bign(BELT_OID), key128))).isEqualTo(CKR_USER_NOT_LOGGED_IN);
        session.login(CKU_USER, PIN.toCharArray());
        session.signInit(bign(BELT_OID), key128);
        session.logout(); // ends the operation on the private key
        assertThat(ckr(() -> session.sign(random(32)))).isEqualTo(CKR_OPERATION_NOT_INITIALIZED);
    }

    @Test
    void whenSignatureBuffersAreQueriedOrTooSmall_thenTheLengthProtocolKeepsTheOperation() throws Exception {
        start(usualToken());
        Session session = loggedIn();
        long s = session.getSessionHandle();
        long key = find(session, CKO_PRIVATE_KEY, "01");
        P11Raw raw = P11Raw.load(P11Bign.library());
        byte[] hash = random(32);

        session.signInit(bign(BELT_OID), key);
        P11Raw.Output query = raw.sign(s, hash, null);
        assertThat(query.rv()).isEqualTo(CKR_OK);
        assertThat(query.length()).isEqualTo(48);
        P11Raw.Output small = raw.sign(s, hash, 47);
        assertThat(small.rv()).isEqualTo(CKR_BUFFER_TOO_SMALL);
        assertThat(small.length()).isEqualTo(48);
        P11Raw.Output done = raw.sign(s, hash, 100);
        assertThat(done.rv()).isEqualTo(CKR_OK);
        assertThat(done.length()).isEqualTo(48);
        assertThat(BignTestCrypto.bignVerify(g1.curve(), g1.publicPoint(), BELT_OID, hash, done.value())).isTrue();
        assertThat(raw.sign(s, hash, 100).rv()).isEqualTo(CKR_OPERATION_NOT_INITIALIZED);

        byte[] data = random(100);
        session.signInit(new Mechanism(P11Bign.CKM_BIGN_HBELT), key);
        session.signUpdate(data);
        assertThat(raw.signFinal(s, null).length()).isEqualTo(48);
        assertThat(raw.signFinal(s, 10).rv()).isEqualTo(CKR_BUFFER_TOO_SMALL);
        P11Raw.Output last = raw.signFinal(s, 48);
        assertThat(last.rv()).isEqualTo(CKR_OK);
        assertThat(BignTestCrypto.bignVerify(g1.curve(), g1.publicPoint(), BELT_OID, BignTestCrypto.beltHash(data),
                last.value())).isTrue();

        // C_GetAttributeValue: the two-call protocol
        long cert = session.findAllObjectsSingle(new AttributeVector().class_(CKO_CERTIFICATE))[0];
        P11Raw.Output length = raw.attribute(s, cert, CKA_VALUE, null);
        assertThat(length.rv()).isEqualTo(CKR_OK);
        assertThat(length.length()).isEqualTo(certificate.length);
        P11Raw.Output tooSmall = raw.attribute(s, cert, CKA_VALUE, certificate.length - 1);
        assertThat(tooSmall.rv()).isEqualTo(CKR_BUFFER_TOO_SMALL);
        assertThat(tooSmall.length()).isEqualTo(P11Raw.UNAVAILABLE);
        assertThat(raw.attribute(s, cert, CKA_VALUE, certificate.length).value()).isEqualTo(certificate);
    }

    @Test
    void whenGeneratingBignKeys_thenPublicKeysAreOnTheCurveAndSign() throws Exception {
        start(P11Bign.token().ecPoint(EcPointLayout.X962_DER).curve(Curve.bign(128)).curve(Curve.bign(192))
                .curve(Curve.bign(256)).curve(Curve.gost(P11Bign.GOST256_CURVE)));
        Session readOnly = token().openSession(false);
        Mechanism gen = new Mechanism(P11Bign.CKM_EC_KEY_PAIR_GEN);
        assertThat(ckr(() -> readOnly.generateKeyPair(gen, bignTemplate(Curve.bign(128), "99"))))
                .isEqualTo(CKR_USER_NOT_LOGGED_IN);
        Session session = token().openSession(true);
        session.login(CKU_USER, PIN.toCharArray());

        for (int level : new int[] {128, 192, 256}) {
            Curve curve = Curve.bign(level);
            PKCS11KeyPair pair = session.generateKeyPair(gen, bignTemplate(curve, "A" + level / 64));
            byte[] point = (byte[]) rawAttribute(session, pair.getPublicKey(), CKA_EC_POINT);
            byte[] x962 = Arrays.copyOfRange(point, point.length - (1 + 2 * curve.fieldBytes()), point.length);
            ECPoint q = curve.bcCurve().decodePoint(x962);
            assertThat(q.isValid()).isTrue();
            assertThat(point).isEqualTo(EcPointLayout.X962_DER.encode(
                    KeyMaterial.publicOnly(Kind.BIGN, curve, q)));
            AttributeVector priv = session.getAttrValues(pair.getPrivateKey(), CKA_ID, CKA_EC_PARAMS, CKA_KEY_TYPE);
            assertThat(priv.id()).isEqualTo(id("A" + level / 64));
            assertThat(priv.ecParams()).isEqualTo(curve.oidDer());
            assertThat(priv.keyType()).isEqualTo(CKK_EC);

            byte[] hash = random(curve.fieldBytes());
            session.signInit(bign(BELT_OID), pair.getPrivateKey());
            assertThat(BignTestCrypto.bignVerify(curve, q, BELT_OID, hash, session.sign(hash))).isTrue();
            assertThat(session.findAllObjectsSingle(new AttributeVector().id(id("A" + level / 64)))).hasSize(2);
        }
        KeyPairTemplate unknownCurve = new KeyPairTemplate(CKK_EC).token(true).id(id("B0")).signVerify(true);
        unknownCurve.publicKey().ecParams(new ASN1ObjectIdentifier("1.2.840.10045.3.1.7").getEncoded());
        assertThat(ckr(() -> session.generateKeyPair(gen, unknownCurve))).isEqualTo(CKR_CURVE_NOT_SUPPORTED);
    }

    private static KeyPairTemplate bignTemplate(Curve curve, String idHex) {
        KeyPairTemplate template = new KeyPairTemplate(CKK_EC).token(true).id(id(idHex)).labels("generated")
                .signVerify(true).private_(true, false);
        template.privateKey().sensitive(true).extractable(false);
        template.publicKey().ecParams(curve.oidDer());
        return template;
    }

    // ------------------------------------------------------------------ GOST

    @Test
    void whenSigningWithGostKeys_thenBouncyCastleVerifies() throws Exception {
        start(usualToken());
        Session session = loggedIn();
        record Case(String id, KeyMaterial key, long mechanism, int hashLength, String bcName) {}
        for (Case c : List.of(new Case("11", gost256, P11Bign.CKM_GOSTR3410, 32, "NONEWITHECGOST3410-2012-256"),
                new Case("12", gost512, P11Bign.CKM_GOSTR3410_512, 64, "NONEWITHECGOST3410-2012-512"))) {
            long key = find(session, CKO_PRIVATE_KEY, c.id());
            byte[] digest = random(c.hashLength()); // the digest as GOST3411-2012 outputs it
            session.signInit(new Mechanism(c.mechanism()), key);
            byte[] signature = session.sign(digest);
            assertThat(signature).hasSize(2 * c.hashLength());

            Signature bc = Signature.getInstance(c.bcName(), BC);
            bc.initVerify(c.key().gostPublicKey());
            bc.update(digest);
            assertThat(bc.verify(signature)).as(c.bcName()).isTrue();
            bc.initVerify(c.key().gostPublicKey());
            bc.update(BignTestCrypto.reverse(digest));
            assertThat(bc.verify(signature)).as("the reversed digest").isFalse();

            long publicKey = find(session, CKO_PUBLIC_KEY, c.id());
            session.verifyInit(new Mechanism(c.mechanism()), publicKey);
            session.verify(digest, signature);

            assertThat(ckr(() -> session.signInit(new Mechanism(c.mechanism() == P11Bign.CKM_GOSTR3410
                    ? P11Bign.CKM_GOSTR3410_512 : P11Bign.CKM_GOSTR3410), key))).isEqualTo(CKR_KEY_TYPE_INCONSISTENT);
            session.signInit(new Mechanism(c.mechanism()), key);
            assertThat(ckr(() -> session.sign(random(c.hashLength() / 2)))).isEqualTo(CKR_DATA_LEN_RANGE);
        }
    }

    @Test
    void whenCheckedAgainstTheStandardExample_thenModuleAndBouncyCastleAgreeOnByteOrder() throws Exception {
        Vectors v = Vectors.load("gost3410_2012.txt");
        Curve curve = new Curve("gost-example", new ASN1ObjectIdentifier("1.2.643.2.2.35.0"), big(v, "p"),
                big(v, "a"), big(v, "b"), big(v, "q"), big(v, "Px"), big(v, "Py"));
        KeyMaterial key = KeyMaterial.of(Kind.GOST256, curve, big(v, "d"));
        assertThat(key.publicPoint().getAffineXCoord().toBigInteger()).isEqualTo(big(v, "Qx"));
        assertThat(key.publicPoint().getAffineYCoord().toBigInteger()).isEqualTo(big(v, "Qy"));
        // the example's e is the hash as an integer; the hash octets are e little-endian
        byte[] hash = BignTestCrypto.reverse(v.hex("e"));
        byte[] signature = v.hex("signature_s_r");
        ECGOST3410Signer bc = new ECGOST3410Signer(); // the 2012 signer is the same (deprecated) class
        bc.init(false, new ECPublicKeyParameters(key.publicPoint(),
                new ECDomainParameters(curve.bcCurve(), curve.generator(), curve.q())));
        assertThat(bc.verifySignature(hash, big(v, "r"), big(v, "s"))).isTrue();

        start(P11Bign.token().mechanisms(P11Bign.CKM_GOSTR3410).key(P11Bign.key("example", key).id(id("21"))));
        Session session = loggedIn();
        long publicKey = find(session, CKO_PUBLIC_KEY, "21");
        assertThat(session.getAttrValues(publicKey, CKA_VALUE).value()).isEqualTo(key.publicKeyLe());
        session.verifyInit(new Mechanism(P11Bign.CKM_GOSTR3410), publicKey);
        session.verify(hash, signature);

        session.signInit(new Mechanism(P11Bign.CKM_GOSTR3410), find(session, CKO_PRIVATE_KEY, "21"));
        byte[] own = session.sign(hash);
        BigInteger s = new BigInteger(1, Arrays.copyOf(own, 32));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(own, 32, 64));
        assertThat(bc.verifySignature(hash, r, s)).isTrue();
    }

    private static BigInteger big(Vectors v, String name) {
        return new BigInteger(1, v.hex(name));
    }

    @Test
    void whenGeneratingGostKeys_thenParametersAreGostR3410ParamsNotEcParams() throws Exception {
        start(P11Bign.token().curve(Curve.gost(P11Bign.GOST256_CURVE)).curve(Curve.gost(P11Bign.GOST512_CURVE)));
        Session session = token().openSession(true);
        session.login(CKU_USER, PIN.toCharArray());
        record Case(Curve curve, long keyType, long generation, long signing, int hashLength) {}
        for (Case c : List.of(
                new Case(Curve.gost(P11Bign.GOST256_CURVE), P11Bign.CKK_GOSTR3410, P11Bign.CKM_GOSTR3410_KEY_PAIR_GEN,
                        P11Bign.CKM_GOSTR3410, 32),
                new Case(Curve.gost(P11Bign.GOST512_CURVE), P11Bign.CKK_GOSTR3410_512,
                        P11Bign.CKM_GOSTR3410_512_KEY_PAIR_GEN, P11Bign.CKM_GOSTR3410_512, 64))) {
            KeyPairTemplate template = new KeyPairTemplate(c.keyType()).token(true).id(id("31")).signVerify(true);
            template.publicKey().attr(P11Bign.CKA_GOSTR3410_PARAMS, c.curve().oidDer());
            PKCS11KeyPair pair = session.generateKeyPair(new Mechanism(c.generation()), template);
            byte[] value = session.getAttrValues(pair.getPublicKey(), CKA_VALUE).value();
            int n = c.hashLength();
            KeyMaterial generated = KeyMaterial.publicOnly(c.keyType() == P11Bign.CKK_GOSTR3410 ? Kind.GOST256
                    : Kind.GOST512, c.curve(), c.curve().bcCurve().createPoint(BignTestCrypto.le(value, 0, n),
                    BignTestCrypto.le(value, n, n)));
            assertThat(generated.publicPoint().isValid()).isTrue();
            byte[] digest = random(n);
            session.signInit(new Mechanism(c.signing()), pair.getPrivateKey());
            Signature bc = Signature.getInstance("NONEWITHECGOST3410-2012-" + 8 * n, BC);
            bc.initVerify(generated.gostPublicKey());
            bc.update(digest);
            assertThat(bc.verify(session.sign(digest))).isTrue();

            // CKA_EC_PARAMS is the EC attribute: a GOST token wants CKA_GOSTR3410_PARAMS
            KeyPairTemplate ecStyle = new KeyPairTemplate(c.keyType()).token(true).id(id("32")).signVerify(true);
            ecStyle.publicKey().ecParams(c.curve().oidDer());
            assertThat(ckr(() -> session.generateKeyPair(new Mechanism(c.generation()), ecStyle)))
                    .isEqualTo(CKR_TEMPLATE_INCONSISTENT);
        }
    }

    // ------------------------------------------------------------------ threads

    @Test
    void whenSessionsSignInParallel_thenEverySignatureVerifies() throws Exception {
        start(usualToken());
        loggedIn(); // the login is shared by the sessions below
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    Session session = token().openSession(false);
                    long key = find(session, CKO_PRIVATE_KEY, "01");
                    boolean ok = true;
                    for (int i = 0; i < 10; i++) {
                        byte[] hash = random(32);
                        session.signInit(bign(BELT_OID), key);
                        ok &= BignTestCrypto.bignVerify(g1.curve(), g1.publicPoint(), BELT_OID, hash,
                                session.sign(hash));
                    }
                    session.closeSession();
                    return ok;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenLibraryPropertyIsMissing_thenTheHarnessFailsInsteadOfSkipping() {
        String saved = System.getProperty(P11Bign.LIBRARY_PROPERTY);
        System.clearProperty(P11Bign.LIBRARY_PROPERTY);
        try {
            assertThatThrownBy(P11Bign::library).isInstanceOf(AssertionError.class)
                    .hasMessageContaining(P11Bign.LIBRARY_PROPERTY);
        } finally {
            System.setProperty(P11Bign.LIBRARY_PROPERTY, saved);
        }
    }
}
