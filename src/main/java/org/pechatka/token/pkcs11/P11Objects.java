package org.pechatka.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_GOSTR3410_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PUBLIC_EXPONENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKC_X_509;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC_EDWARDS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GOSTR3410;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_RSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.TokenCertificate;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Reads certificates and keys from a session and pairs them: by {@code CKA_ID} first, by public
 * key when the ids do not match (tokens filled by other tools often have mismatched or empty ids).
 */
final class P11Objects {

    private static final System.Logger LOG = System.getLogger(P11Objects.class.getName());

    private final Pkcs11Provider provider;
    private final Session session;

    P11Objects(Pkcs11Provider provider, Session session) {
        this.provider = provider;
        this.session = session;
    }

    /** A certificate object. */
    record CertObject(long handle, X509Certificate certificate, byte[] id, String label) {}

    /** A key object: its id and, when read, its public key. */
    record KeyObject(long handle, byte[] id, long keyType, SubjectPublicKeyInfo publicKey) {}

    long[] find(AttributeVector template) throws PKCS11Exception {
        return provider.call(() -> session.findAllObjectsSingle(template));
    }

    List<CertObject> certificates() throws PKCS11Exception {
        long[] handles = find(new AttributeVector().class_(CKO_CERTIFICATE).certificateType(CKC_X_509));
        List<CertObject> out = new ArrayList<>(handles.length);
        CertificateFactory cf = x509Factory();
        for (long h : handles) {
            AttributeVector a = provider.call(() -> session.getAttrValues(h, CKA_VALUE, CKA_ID, CKA_LABEL));
            byte[] der = a.value();
            if (der == null) {
                continue;
            }
            try {
                X509Certificate cert = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
                out.add(new CertObject(h, cert, nonNull(a.id()), a.label()));
            } catch (CertificateException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping an unreadable certificate object on the token: {0}",
                        e.getMessage());
            }
        }
        return out;
    }

    /** Key objects of a class ({@code CKO_PRIVATE_KEY} / {@code CKO_PUBLIC_KEY}), ids only. */
    List<KeyObject> keys(long objectClass) throws PKCS11Exception {
        long[] handles = find(new AttributeVector().class_(objectClass));
        List<KeyObject> out = new ArrayList<>(handles.length);
        for (long h : handles) {
            AttributeVector a = provider.call(() -> session.getAttrValues(h, CKA_ID, CKA_KEY_TYPE));
            Long type = a.keyType();
            out.add(new KeyObject(h, nonNull(a.id()), type == null ? -1 : type, null));
        }
        return out;
    }

    /**
     * The public key of a key object, or null when it cannot be read (an EC private key has no
     * point; an unknown key type).
     */
    SubjectPublicKeyInfo publicKey(KeyObject key) throws PKCS11Exception {
        if (key.keyType() == CKK_RSA) {
            AttributeVector a = provider.call(() -> session.getAttrValues(key.handle(), CKA_MODULUS,
                    CKA_PUBLIC_EXPONENT));
            BigInteger n = a.modulus();
            BigInteger e = a.publicExponent();
            if (n == null) {
                return null;
            }
            return rsa(n, e == null ? BigInteger.valueOf(65537) : e);
        }
        if (key.keyType() == CKK_EC || key.keyType() == CKK_EC_EDWARDS) {
            AttributeVector a;
            try {
                a = provider.call(() -> session.getAttrValues(key.handle(), CKA_KEY_TYPE, CKA_EC_PARAMS, CKA_EC_POINT));
            } catch (PKCS11Exception e) {
                return null; // private keys usually carry no CKA_EC_POINT
            }
            return ec(key.keyType(), a.ecParams(), a.ecPoint());
        }
        if (key.keyType() == CKK_GOSTR3410 || key.keyType() == MechanismTable.CKK_GOSTR3410_512) {
            AttributeVector a;
            try {
                a = provider.call(() -> session.getAttrValues(key.handle(), CKA_GOSTR3410_PARAMS, CKA_VALUE));
            } catch (PKCS11Exception e) {
                return null; // a private key: no public value
            }
            return gost(a.gostr3410Params(), a.value());
        }
        return null;
    }

    /**
     * A GOST public key object (PKCS#11 v2.40): {@code CKA_VALUE} is x‖y, each little-endian, the
     * same octets as inside the certificate's OCTET STRING; {@code CKA_GOSTR3410_PARAMS} the DER of
     * the paramSet OID.
     */
    static SubjectPublicKeyInfo gost(byte[] params, byte[] value) {
        if (params == null || value == null) {
            return null;
        }
        try {
            if (!(ASN1Primitive.fromByteArray(params) instanceof ASN1ObjectIdentifier paramSet)) {
                return null;
            }
            return org.pechatka.crypto.PublicKeys.gost2012(paramSet, value);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    static SubjectPublicKeyInfo rsa(BigInteger modulus, BigInteger exponent) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                    DERNull.INSTANCE), new RSAPublicKey(modulus, exponent));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds an SPKI from {@code CKA_EC_PARAMS} and {@code CKA_EC_POINT} (DER-wrapped or not). */
    static SubjectPublicKeyInfo ec(long keyType, byte[] ecParams, byte[] ecPoint) {
        if (ecParams == null || ecPoint == null) {
            return null;
        }
        try {
            ASN1Primitive params = ASN1Primitive.fromByteArray(ecParams);
            if (keyType == CKK_EC_EDWARDS) {
                // CKA_EC_PARAMS is the curve OID or its PrintableString name (PKCS#11 3.0)
                boolean ed448 = params.toString().contains("448")
                        || EdECObjectIdentifiers.id_Ed448.equals(params);
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(
                        ed448 ? EdECObjectIdentifiers.id_Ed448 : EdECObjectIdentifiers.id_Ed25519),
                        point(ecPoint, ed448 ? 57 : 32));
            }
            if (params instanceof ASN1ObjectIdentifier oid && org.pechatka.crypto.stb.BignCurve.byOid(oid).isPresent()) {
                return bign(org.pechatka.crypto.stb.BignCurve.byOid(oid).get(), ecPoint);
            }
            X962Parameters x962 = X962Parameters.getInstance(params);
            X9ECParameters curve = x962.isNamedCurve()
                    ? ECNamedCurveTable.getByOID(ASN1ObjectIdentifier.getInstance(x962.getParameters()))
                    : x962.isImplicitlyCA() ? null : X9ECParameters.getInstance(x962.getParameters());
            if (curve == null) {
                return null;
            }
            int uncompressed = 1 + 2 * ((curve.getCurve().getFieldSize() + 7) / 8);
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, params),
                    point(ecPoint, uncompressed));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A bign key's {@code CKA_EC_POINT} (a CKK_EC key with a bign curve, STB 34.101.78). The standard
     * says only "the value of the public key", so every plausible layout is taken: the STB form
     * x‖y little-endian, the same inside a DER OCTET STRING, and X9.62 04‖x‖y big-endian (bare or in
     * an OCTET STRING), each accepted only when it gives a point of the curve. Returns the STB
     * SubjectPublicKeyInfo, or null.
     */
    static SubjectPublicKeyInfo bign(org.pechatka.crypto.stb.BignCurve curve, byte[] ecPoint) {
        int n = curve.fieldLength();
        java.util.List<byte[]> layouts = new java.util.ArrayList<>();
        layouts.add(ecPoint);
        try {
            if (ASN1Primitive.fromByteArray(ecPoint) instanceof ASN1OctetString os) {
                layouts.add(os.getOctets());
            }
        } catch (IOException | IllegalArgumentException e) {
            // not DER: the bare forms only
        }
        for (byte[] v : layouts) {
            byte[] xyLe = null;
            if (v.length == 2 * n) {
                xyLe = v;
            } else if (v.length == 2 * n + 1 && v[0] == 0x04) {
                xyLe = new byte[2 * n];
                for (int i = 0; i < n; i++) {
                    xyLe[i] = v[n - i];           // x: big-endian → little-endian
                    xyLe[n + i] = v[2 * n - i];   // y
                }
            }
            if (xyLe != null && org.pechatka.crypto.stb.BignPublicKey.isValid(curve, xyLe)) {
                return org.pechatka.crypto.PublicKeys.bign(curve.oid(), xyLe);
            }
        }
        return null;
    }

    /**
     * {@code CKA_EC_POINT} should be a DER OCTET STRING around the point; some modules (and the
     * wrapper's own normalisation) give the bare point. The expected length decides which it is:
     * guessing from the first bytes alone misreads a bare point whose x coordinate happens to look
     * like a DER length.
     */
    static byte[] point(byte[] value, int expectedLength) {
        if (value.length == expectedLength) {
            return value;
        }
        try {
            if (ASN1Primitive.fromByteArray(value) instanceof ASN1OctetString os
                    && os.getOctets().length == expectedLength) {
                return os.getOctets();
            }
        } catch (IOException | IllegalArgumentException e) {
            // not DER either
        }
        throw new IllegalArgumentException("EC point of unexpected length " + value.length);
    }

    /**
     * Pairs certificates with key objects. {@code privateKeys} are the private key objects visible
     * now; {@code loggedIn} says whether that is all of them.
     */
    List<TokenCertificate> pair(String tokenId, List<CertObject> certs, List<KeyObject> privateKeys,
            List<KeyObject> publicKeys, boolean loggedIn) throws PKCS11Exception {
        Map<ByteBuffer, KeyObject> privById = byId(privateKeys);
        Map<ByteBuffer, KeyObject> pubById = byId(publicKeys);
        Map<SubjectPublicKeyInfo, KeyObject> privBySpki = null;
        Map<SubjectPublicKeyInfo, KeyObject> pubBySpki = null;
        List<TokenCertificate> out = new ArrayList<>(certs.size());
        for (CertObject c : certs) {
            ByteBuffer id = ByteBuffer.wrap(c.id());
            if (c.id().length > 0 && privById.containsKey(id)) {
                out.add(new TokenCertificate(tokenId, c.certificate(), c.id(), c.label(), KeyStatus.PRIVATE_KEY));
                continue;
            }
            SubjectPublicKeyInfo spki = org.pechatka.crypto.PublicKeys.canonical(
                    SubjectPublicKeyInfo.getInstance(c.certificate().getPublicKey().getEncoded()));
            if (privBySpki == null) {
                privBySpki = bySpki(privateKeys);
            }
            KeyObject priv = privBySpki.get(spki);
            if (priv != null) {
                out.add(new TokenCertificate(tokenId, c.certificate(), priv.id(), c.label(), KeyStatus.PRIVATE_KEY));
                continue;
            }
            if (c.id().length > 0 && pubById.containsKey(id)) {
                out.add(new TokenCertificate(tokenId, c.certificate(), c.id(), c.label(),
                        loggedIn ? KeyStatus.NONE : KeyStatus.PROBABLE));
                continue;
            }
            if (pubBySpki == null) {
                pubBySpki = bySpki(publicKeys);
            }
            KeyObject pub = pubBySpki.get(spki);
            if (pub != null && privById.containsKey(ByteBuffer.wrap(pub.id()))) {
                // the certificate's CKA_ID is wrong, but its public key leads to the private key
                out.add(new TokenCertificate(tokenId, c.certificate(), pub.id(), c.label(), KeyStatus.PRIVATE_KEY));
                continue;
            }
            if (pub != null && !loggedIn) {
                out.add(new TokenCertificate(tokenId, c.certificate(), pub.id(), c.label(), KeyStatus.PROBABLE));
                continue;
            }
            out.add(new TokenCertificate(tokenId, c.certificate(), c.id(), c.label(),
                    loggedIn ? KeyStatus.NONE : KeyStatus.UNKNOWN));
        }
        return out;
    }

    private static Map<ByteBuffer, KeyObject> byId(List<KeyObject> keys) {
        Map<ByteBuffer, KeyObject> map = new HashMap<>();
        for (KeyObject k : keys) {
            if (k.id().length > 0) {
                map.putIfAbsent(ByteBuffer.wrap(k.id()), k);
            }
        }
        return map;
    }

    private Map<SubjectPublicKeyInfo, KeyObject> bySpki(List<KeyObject> keys) throws PKCS11Exception {
        Map<SubjectPublicKeyInfo, KeyObject> map = new HashMap<>();
        for (KeyObject k : keys) {
            SubjectPublicKeyInfo spki = publicKey(k);
            if (spki != null) {
                map.putIfAbsent(org.pechatka.crypto.PublicKeys.canonical(spki), k);
            }
        }
        return map;
    }

    static CertificateFactory x509Factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] nonNull(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}
