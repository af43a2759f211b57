package org.pechatka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cryptopro.ECGOST3410NamedCurves;
import org.bouncycastle.asn1.cryptopro.GOST3410PublicKeyAlgParameters;
import org.bouncycastle.asn1.rosstandart.RosstandartObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.pechatka.platform.NativeEnvironment;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * Test-side handle on the bign/GOST PKCS#11 test module {@code libpechatka-p11bign.so} (source
 * {@code src/test/c/p11bign.c}, reference {@code docs/testing-p11bign.md}): a one-slot token in
 * memory with Belarusian bign keys (CKK_EC on a bign curve, CKM_BIGN / CKM_BIGN_HBELT, STB
 * 34.101.78) and Russian GOST R 34.10-2012 keys (CKM_GOSTR3410 / CKM_GOSTR3410_512).
 *
 * <p>The module reads the file named by {@link #ENV_CONF} at every {@code C_Initialize}. Build
 * one with {@link #token()}, then either {@link Config#activateInProcess()} before loading the
 * module (through Pechatka's {@code Pkcs11Provider.load(P11Bign.library().toString(), ...)} or
 * the xipki wrapper), or {@link #initialize(Config)} for a raw, initialised xipki module.
 *
 * <pre>{@code
 * P11Bign.KeyMaterial key = P11Bign.bignKey(128);
 * P11Bign.Config conf = P11Bign.token().label("bign").pin("1234")
 *         .mechanisms(P11Bign.CKM_BIGN, P11Bign.CKM_BIGN_HBELT)
 *         .key(P11Bign.key("k1", key).id(new byte[] {1}).label("signing key"))
 *         .certificate("c1", new byte[] {1}, "signing cert", certificateDer)
 *         .write(dir.resolve("p11bign.conf"));
 * conf.activateInProcess();
 * Pkcs11Provider provider = Pkcs11Provider.load(P11Bign.library().toString(), options);
 * }</pre>
 *
 * <p>Keys are made here, in Java, so tests know the private keys; the module checks the public
 * key against d when both are given.
 */
public final class P11Bign {

    /** System property with the path of the built module (set by the pom for surefire/failsafe). */
    public static final String LIBRARY_PROPERTY = "pechatka.p11bign";

    /** Environment variable: the configuration file the module reads at {@code C_Initialize}. */
    public static final String ENV_CONF = "PECHATKA_P11BIGN_CONF";

    /** bign over a given hash; parameter: DER of the hash OID (STB 34.101.78). */
    public static final long CKM_BIGN = 0x00008001L;
    /** bign-with-hbelt over data: the token hashes with belt-hash; no parameter; l = 128 only. */
    public static final long CKM_BIGN_HBELT = 0x00008002L;
    public static final long CKM_EC_KEY_PAIR_GEN = 0x00001040L;
    public static final long CKM_GOSTR3410_KEY_PAIR_GEN = 0x00001200L;
    /** GOST R 34.10 over a given 32-octet hash (OASIS). */
    public static final long CKM_GOSTR3410 = 0x00001201L;
    public static final long CKM_GOSTR3410_512_KEY_PAIR_GEN = 0xD4321005L;
    /** GOST R 34.10-2012 512 over a given 64-octet hash (TC26). */
    public static final long CKM_GOSTR3410_512 = 0xD4321006L;
    public static final long CKK_GOSTR3410 = 0x00000030L;
    public static final long CKK_GOSTR3410_512 = 0xD4321003L;
    public static final long CKA_GOSTR3410_PARAMS = 0x00000250L;
    public static final long CKA_GOSTR3411_PARAMS = 0x00000251L;

    /** bign-pubkey, the SubjectPublicKeyInfo algorithm of bign keys. */
    public static final ASN1ObjectIdentifier BIGN_PUBKEY = new ASN1ObjectIdentifier("1.2.112.0.2.0.34.101.45.2.1");
    /** The GOST curves the helpers use: TC26 256 paramSet B (= CryptoPro A) and 512 paramSet A. */
    public static final String GOST256_CURVE = "Tc26-Gost-3410-12-256-paramSetB";
    public static final String GOST512_CURVE = "Tc26-Gost-3410-12-512-paramSetA";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private P11Bign() {}

    /**
     * The module built by {@code src/test/c/build.sh} during {@code process-test-classes}.
     * Fails (never skips) when the property is missing or the file does not exist.
     */
    public static Path library() {
        String value = System.getProperty(LIBRARY_PROPERTY);
        if (value == null || value.isBlank()) {
            throw new AssertionError("system property '" + LIBRARY_PROPERTY + "' is not set: run the tests through"
                    + " Maven (the pom builds the bign/GOST PKCS#11 test module with src/test/c/build.sh"
                    + " in process-test-classes and passes its path)");
        }
        Path library = Path.of(value).toAbsolutePath();
        if (!Files.isRegularFile(library)) {
            throw new AssertionError("bign/GOST PKCS#11 test module not found at " + library + " (system property '"
                    + LIBRARY_PROPERTY + "'); it is built by 'sh src/test/c/build.sh target/p11bign p11bign' in"
                    + " process-test-classes - needs gcc and the Debian packages libp11-kit-dev and libssl-dev");
        }
        return library;
    }

    /**
     * Points the module at {@code config} and returns it loaded and initialised through the raw
     * xipki wrapper ({@code C_Initialize} with OS locking). The caller calls {@code finalize(null)}.
     */
    public static PKCS11Module initialize(Config config) throws IOException, PKCS11Exception {
        config.activateInProcess();
        PKCS11Module module = PKCS11Module.getInstance(library().toString());
        module.initialize();
        return module;
    }

    // ------------------------------------------------------------------ curves and keys

    /** What a key is: bign (CKK_EC on a bign curve) or GOST R 34.10-2012 256/512. */
    public enum Kind {
        BIGN("bign"), GOST256("gost256"), GOST512("gost512");

        private final String confName;

        Kind(String confName) {
            this.confName = confName;
        }
    }

    /**
     * The {@code CKA_EC_POINT} layout of a bign public key. STB 34.101.78 says only "the public
     * key"; these are the plausible readings.
     */
    public enum EcPointLayout {
        /** x_LE || y_LE, the STB public key itself. */
        RAW("raw"),
        /** A DER OCTET STRING around x_LE || y_LE (the module's default). */
        DER("der"),
        /** 04 || x_BE || y_BE, the X9.62 uncompressed point. */
        X962("x962"),
        /** A DER OCTET STRING around 04 || x_BE || y_BE, as PKCS#11 has it for ECDSA. */
        X962_DER("x962-der");

        private final String confName;

        EcPointLayout(String confName) {
            this.confName = confName;
        }

        /** The CKA_EC_POINT the module shows for this public key. */
        public byte[] encode(KeyMaterial key) {
            byte[] point = this == RAW || this == DER ? key.publicKeyLe() : key.x962();
            return this == RAW || this == X962 ? point : octetString(point);
        }

        private static byte[] octetString(byte[] b) {
            try {
                return new DEROctetString(b).getEncoded();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A prime-field Weierstrass curve y^2 = x^3 + ax + b with a base point G of prime order q
     * (cofactor 1), all numbers as integers. {@code oid} may be null (a curve without a name).
     */
    public record Curve(String name, ASN1ObjectIdentifier oid, BigInteger p, BigInteger a, BigInteger b, BigInteger q,
            BigInteger gx, BigInteger gy) {

        public Curve {
            Objects.requireNonNull(name);
            if (!name.matches("[A-Za-z0-9_-]{1,63}")) {
                throw new IllegalArgumentException("curve names are letters, digits, '_', '-': " + name);
            }
        }

        /** The bign standard curve of security level 128, 192 or 256 (vectors/bign_params.txt). */
        public static Curve bign(int level) {
            int index = switch (level) {
                case 128 -> 0;
                case 192 -> 1;
                case 256 -> 2;
                default -> throw new IllegalArgumentException("bign levels are 128, 192, 256: " + level);
            };
            Vectors v = Vectors.load("bign_params.txt");
            return new Curve("bign-curve" + (2 * level) + "v1",
                    new ASN1ObjectIdentifier("1.2.112.0.2.0.34.101.45.3." + (index + 1)),
                    big(v.all("p_be").get(index)), big(v.all("a_be").get(index)), big(v.all("b_be").get(index)),
                    big(v.all("q_be").get(index)), BigInteger.ZERO, big(v.all("yG_be").get(index)));
        }

        /** A GOST curve by its Bouncy Castle name, e.g. {@link #GOST256_CURVE}. */
        public static Curve gost(String bcName) {
            X9ECParameters x9 = ECGOST3410NamedCurves.getByNameX9(bcName);
            ASN1ObjectIdentifier oid = ECGOST3410NamedCurves.getOID(bcName);
            if (x9 == null || oid == null) {
                throw new IllegalArgumentException("Bouncy Castle knows no GOST curve " + bcName);
            }
            ECPoint g = x9.getG().normalize();
            return new Curve(bcName, oid, x9.getCurve().getField().getCharacteristic(),
                    x9.getCurve().getA().toBigInteger(), x9.getCurve().getB().toBigInteger(), x9.getN(),
                    g.getAffineXCoord().toBigInteger(), g.getAffineYCoord().toBigInteger());
        }

        private static BigInteger big(byte[] be) {
            return new BigInteger(1, be);
        }

        /** The curve for Bouncy Castle's arithmetic. */
        public ECCurve.Fp bcCurve() {
            return new ECCurve.Fp(p, a, b, q, BigInteger.ONE);
        }

        public ECPoint generator() {
            return bcCurve().createPoint(gx, gy);
        }

        /** Octets of p: l/4 for bign (32, 48, 64), 32 or 64 for GOST. */
        public int fieldBytes() {
            return (p.bitLength() + 7) / 8;
        }

        /** DER of the OID: {@code CKA_EC_PARAMS} / {@code CKA_GOSTR3410_PARAMS}. */
        public byte[] oidDer() {
            try {
                return oid.getEncoded();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A key pair made in Java: its kind, curve, private key d (null: public only) and public point. */
    public record KeyMaterial(Kind kind, Curve curve, BigInteger d, ECPoint publicPoint) {

        public KeyMaterial {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(curve);
            publicPoint = publicPoint.normalize();
        }

        /** The key pair with private key d. */
        public static KeyMaterial of(Kind kind, Curve curve, BigInteger d) {
            return new KeyMaterial(kind, curve, d, curve.generator().multiply(d));
        }

        /** A key known only by its public point (the token gets only a public key object). */
        public static KeyMaterial publicOnly(Kind kind, Curve curve, ECPoint point) {
            return new KeyMaterial(kind, curve, null, point);
        }

        /** A fresh random key pair. */
        public static KeyMaterial generate(Kind kind, Curve curve) {
            BigInteger d;
            do {
                d = new BigInteger(curve.q().bitLength(), RANDOM);
            } while (d.signum() == 0 || d.compareTo(curve.q()) >= 0);
            return of(kind, curve, d);
        }

        /** x_LE || y_LE: the STB public key, the GOST CKA_VALUE. */
        public byte[] publicKeyLe() {
            int n = curve.fieldBytes();
            byte[] out = new byte[2 * n];
            System.arraycopy(BignTestCrypto.toLe(publicPoint.getAffineXCoord().toBigInteger(), n), 0, out, 0, n);
            System.arraycopy(BignTestCrypto.toLe(publicPoint.getAffineYCoord().toBigInteger(), n), 0, out, n, n);
            return out;
        }

        /** 04 || x_BE || y_BE. */
        public byte[] x962() {
            int n = curve.fieldBytes();
            byte[] out = new byte[1 + 2 * n];
            out[0] = 4;
            System.arraycopy(BignTestCrypto.toBe(publicPoint.getAffineXCoord().toBigInteger(), n), 0, out, 1, n);
            System.arraycopy(BignTestCrypto.toBe(publicPoint.getAffineYCoord().toBigInteger(), n), 0, out, 1 + n, n);
            return out;
        }

        /**
         * The SubjectPublicKeyInfo: bign as bee2 writes it ({@code bign-pubkey}, the curve OID,
         * BIT STRING x_LE || y_LE), GOST as RFC 9215 ({@code id-tc26-gost3410-12-256/512},
         * parameter set and Streebog OIDs, BIT STRING around OCTET STRING x_LE || y_LE).
         */
        public SubjectPublicKeyInfo spki() {
            if (curve.oid() == null) {
                throw new IllegalStateException("curve " + curve.name() + " has no OID");
            }
            if (kind == Kind.BIGN) {
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(BIGN_PUBKEY, curve.oid()), publicKeyLe());
            }
            boolean is256 = kind == Kind.GOST256;
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(
                    is256 ? RosstandartObjectIdentifiers.id_tc26_gost_3410_12_256
                            : RosstandartObjectIdentifiers.id_tc26_gost_3410_12_512,
                    new GOST3410PublicKeyAlgParameters(curve.oid(), is256
                            ? RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256
                            : RosstandartObjectIdentifiers.id_tc26_gost_3411_12_512));
            try {
                return new SubjectPublicKeyInfo(algorithm, new DEROctetString(publicKeyLe()).getEncoded());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A Bouncy Castle JCA public key of a GOST key (for {@code NONEWITHECGOST3410-2012-256/512}). */
        public PublicKey gostPublicKey() {
            if (kind == Kind.BIGN) {
                throw new IllegalStateException("Bouncy Castle has no bign");
            }
            try {
                return KeyFactory.getInstance("ECGOST3410-2012", new BouncyCastleProvider())
                        .generatePublic(new X509EncodedKeySpec(spki().getEncoded()));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return kind + " key on " + curve.name() + (d == null ? " (public only)" : "");
        }
    }

    /** A random bign key of level 128, 192 or 256 on the standard curve. */
    public static KeyMaterial bignKey(int level) {
        return KeyMaterial.generate(Kind.BIGN, Curve.bign(level));
    }

    /** A random GOST R 34.10-2012 256 key on {@link #GOST256_CURVE}. */
    public static KeyMaterial gost256Key() {
        return KeyMaterial.generate(Kind.GOST256, Curve.gost(GOST256_CURVE));
    }

    /** A random GOST R 34.10-2012 512 key on {@link #GOST512_CURVE}. */
    public static KeyMaterial gost512Key() {
        return KeyMaterial.generate(Kind.GOST512, Curve.gost(GOST512_CURVE));
    }

    // ------------------------------------------------------------------ configuration

    /** A key on the token: its objects and their attributes ({@code key.NAME.*} in the file). */
    public static final class KeyEntry {
        private final String name;
        private final KeyMaterial material;
        private byte[] id = new byte[0];
        private String label = "";
        private EcPointLayout ecPoint;
        private boolean alwaysAuthenticate;
        private Boolean privateObject;
        private boolean publicObject = true;
        private boolean withPrivateKey = true;
        private long[] allowedMechanisms;
        private byte[] params;
        private byte[] hashParams;

        private KeyEntry(String name, KeyMaterial material) {
            if (!name.matches("[A-Za-z0-9_-]{1,63}")) {
                throw new IllegalArgumentException("key names are letters, digits, '_', '-': " + name);
            }
            this.name = name;
            this.material = Objects.requireNonNull(material);
            this.withPrivateKey = material.d() != null;
        }

        public String name() {
            return name;
        }

        public KeyMaterial material() {
            return material;
        }

        /** {@code CKA_ID} of both objects. */
        public KeyEntry id(byte[] value) {
            this.id = value.clone();
            return this;
        }

        /** {@code CKA_LABEL} of both objects. */
        public KeyEntry label(String value) {
            if (value.indexOf('\n') >= 0 || !value.equals(value.strip())) {
                throw new IllegalArgumentException("a label is one line without outer blanks");
            }
            this.label = value;
            return this;
        }

        /** The {@code CKA_EC_POINT} layout of a bign public key (default: the token's). */
        public KeyEntry ecPoint(EcPointLayout value) {
            this.ecPoint = value;
            return this;
        }

        /** {@code CKA_ALWAYS_AUTHENTICATE} of the private key. */
        public KeyEntry alwaysAuthenticate(boolean value) {
            this.alwaysAuthenticate = value;
            return this;
        }

        /** {@code CKA_PRIVATE} of the private key (default: the token's login requirement). */
        public KeyEntry privateObject(boolean value) {
            this.privateObject = value;
            return this;
        }

        /** Whether the token has a public key object for this key (default true). */
        public KeyEntry publicObject(boolean value) {
            this.publicObject = value;
            return this;
        }

        /** Only the public key object, no private key (for verification tests). */
        public KeyEntry publicOnly() {
            this.withPrivateKey = false;
            this.publicObject = true;
            return this;
        }

        /** {@code CKA_ALLOWED_MECHANISMS} of both objects (default: none listed = no restriction). */
        public KeyEntry allowedMechanisms(long... mechanisms) {
            this.allowedMechanisms = mechanisms.clone();
            return this;
        }

        /** {@code CKA_EC_PARAMS} / {@code CKA_GOSTR3410_PARAMS} (default: the DER of the curve OID). */
        public KeyEntry params(byte[] der) {
            this.params = der.clone();
            return this;
        }

        /** {@code CKA_GOSTR3411_PARAMS} of a GOST key (default: the Streebog OID of its size). */
        public KeyEntry hashParams(byte[] der) {
            this.hashParams = der.clone();
            return this;
        }

        private void write(StringBuilder out) {
            String p = "key." + name + ".";
            int n = material.curve().fieldBytes();
            appendLine(out, p + "kind", material.kind().confName);
            appendLine(out, p + "curve", material.curve().name());
            if (withPrivateKey) {
                appendLine(out, p + "d", HEX.formatHex(BignTestCrypto.toBe(material.d(), n)));
            }
            byte[] point = material.x962(); // 04 || x || y, big-endian as the file wants
            appendLine(out, p + "qx", HEX.formatHex(point, 1, 1 + n));
            appendLine(out, p + "qy", HEX.formatHex(point, 1 + n, 1 + 2 * n));
            appendLine(out, p + "id", HEX.formatHex(id));
            appendLine(out, p + "label", label);
            if (ecPoint != null) {
                appendLine(out, p + "ec_point", ecPoint.confName);
            }
            appendLine(out, p + "always_authenticate", Boolean.toString(alwaysAuthenticate));
            if (privateObject != null) {
                appendLine(out, p + "private_object", privateObject.toString());
            }
            appendLine(out, p + "public_object", Boolean.toString(publicObject));
            if (allowedMechanisms != null) {
                appendLine(out, p + "allowed_mechanisms", mechanismList(allowedMechanisms));
            }
            if (params != null) {
                appendLine(out, p + "params", HEX.formatHex(params));
            }
            if (hashParams != null) {
                appendLine(out, p + "hash_params", HEX.formatHex(hashParams));
            }
        }
    }

    /** A key entry for the token; set its attributes with the returned object's methods. */
    public static KeyEntry key(String name, KeyMaterial material) {
        return new KeyEntry(name, material);
    }

    /** A fresh token configuration: label "p11bign", PIN "1234", login required, all mechanisms. */
    public static Builder token() {
        return new Builder();
    }

    /** Writes the configuration file of a token (format: docs/testing-p11bign.md). */
    public static final class Builder {
        private final Map<String, String> token = new LinkedHashMap<>();
        private final Map<String, Curve> curves = new LinkedHashMap<>();
        private final List<KeyEntry> keys = new ArrayList<>();
        private final List<String> certificates = new ArrayList<>();
        private final List<String> extraLines = new ArrayList<>();

        private Builder() {
            token.put("user.pin", "1234");
        }

        public Builder label(String value) {
            token.put("token.label", value);
            return this;
        }

        public Builder manufacturer(String value) {
            token.put("token.manufacturer", value);
            return this;
        }

        public Builder model(String value) {
            token.put("token.model", value);
            return this;
        }

        public Builder serial(String value) {
            token.put("token.serial", value);
            return this;
        }

        public Builder slotId(long value) {
            token.put("slot.id", Long.toString(value));
            return this;
        }

        public Builder pin(String value) {
            token.put("user.pin", value);
            return this;
        }

        /** After this many wrong PINs in a row the PIN is locked (0: never). */
        public Builder pinMaxTries(int value) {
            token.put("user.pin_max_tries", Integer.toString(value));
            return this;
        }

        public Builder soPin(String value) {
            token.put("so.pin", value);
            return this;
        }

        /** {@code CKF_LOGIN_REQUIRED}; also the default {@code CKA_PRIVATE} of private keys. */
        public Builder loginRequired(boolean value) {
            token.put("token.login_required", Boolean.toString(value));
            return this;
        }

        /** The mechanisms the token announces (default: all it implements). */
        public Builder mechanisms(long... mechanisms) {
            token.put("mechanisms", mechanismList(mechanisms));
            return this;
        }

        /** The {@code CKA_EC_POINT} layout of generated bign keys and of keys without their own. */
        public Builder ecPoint(EcPointLayout layout) {
            token.put("token.bign_ec_point", layout.confName);
            return this;
        }

        /** A curve (keys add theirs); key generation finds curves by OID. */
        public Builder curve(Curve curve) {
            Curve known = curves.putIfAbsent(curve.name(), curve);
            if (known != null && !known.equals(curve)) {
                throw new IllegalArgumentException("two different curves named " + curve.name());
            }
            return this;
        }

        public Builder key(KeyEntry key) {
            curve(key.material().curve());
            keys.add(key);
            return this;
        }

        /** A certificate object ({@code CKO_CERTIFICATE}, {@code CKC_X_509}). */
        public Builder certificate(String name, byte[] id, String label, byte[] der) {
            if (!name.matches("[A-Za-z0-9_-]{1,63}")) {
                throw new IllegalArgumentException("certificate names are letters, digits, '_', '-': " + name);
            }
            StringBuilder out = new StringBuilder();
            appendLine(out, "cert." + name + ".id", HEX.formatHex(id));
            appendLine(out, "cert." + name + ".label", label);
            appendLine(out, "cert." + name + ".value", HEX.formatHex(der));
            certificates.add(out.toString());
            return this;
        }

        /** A raw configuration line, written last (for tests of the module's own error handling). */
        public Builder rawLine(String raw) {
            extraLines.add(raw);
            return this;
        }

        /** The configuration text. */
        public String text() {
            StringBuilder out = new StringBuilder("# p11bign token configuration written by P11Bign\n");
            token.forEach((key, value) -> appendLine(out, key, value));
            curves.values().forEach(c -> {
                String p = "curve." + c.name() + ".";
                if (c.oid() != null) {
                    appendLine(out, p + "oid", HEX.formatHex(c.oidDer()));
                }
                appendLine(out, p + "p", hex(c.p()));
                appendLine(out, p + "a", hex(c.a()));
                appendLine(out, p + "b", hex(c.b()));
                appendLine(out, p + "q", hex(c.q()));
                appendLine(out, p + "gx", hex(c.gx()));
                appendLine(out, p + "gy", hex(c.gy()));
            });
            keys.forEach(k -> k.write(out));
            certificates.forEach(out::append);
            extraLines.forEach(l -> out.append(l).append('\n'));
            return out.toString();
        }

        /** Writes the file (creating its directory) and returns the configuration. */
        public Config write(Path file) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, text(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            return new Config(file.toAbsolutePath());
        }
    }

    /** A written configuration file. */
    public record Config(Path path) {

        /** The environment a process needs to load this token (for subprocesses). */
        public Map<String, String> environment() {
            return Map.of(ENV_CONF, path.toString());
        }

        /** Points the module in this JVM at this file; takes effect at the next {@code C_Initialize}. */
        public void activateInProcess() {
            NativeEnvironment.set(ENV_CONF, path.toString());
        }
    }

    private static void appendLine(StringBuilder out, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(key + " must be one line");
        }
        out.append(key).append(" = ").append(value).append('\n');
    }

    private static String hex(BigInteger x) {
        String h = x.toString(16).toUpperCase(Locale.ROOT);
        return h.length() % 2 == 0 ? h : "0" + h;
    }

    private static String mechanismList(long... mechanisms) {
        return String.join(", ", Arrays.stream(mechanisms).mapToObj(m -> "0x" + Long.toHexString(m)).toList());
    }
}
