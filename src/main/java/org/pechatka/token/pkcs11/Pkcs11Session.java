package org.pechatka.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALLOWED_MECHANISMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_AUTHENTICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKC_X_509;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_RSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OPERATION_ACTIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_CONTEXT_SPECIFIC;

import iaik.pkcs.pkcs11.wrapper.CK_ATTRIBUTE;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.crypto.HashAlgorithm;
import org.pechatka.crypto.KeyFamily;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.SignatureAlgorithm;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;
import org.pechatka.token.SignInput;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenSession;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.params.ByteArrayParams;
import org.xipki.pkcs11.wrapper.params.CkParams;
import org.xipki.pkcs11.wrapper.params.RSA_PKCS_PSS_PARAMS;

/**
 * A PKCS#11 session for one user operation. It holds the token lock from login to
 * {@link #close()}, which logs out and closes the session. After the token is found gone every call
 * fails with TOKEN_REMOVED without touching the module again: a handle from before a removal is
 * never reused.
 */
final class Pkcs11Session implements TokenSession {

    private static final System.Logger LOG = System.getLogger(Pkcs11Session.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int KEY_ID_BYTES = 16;

    private final Pkcs11Token token;
    private final Pkcs11Provider provider;
    private final Session session;
    private final TokenInfo info;
    private final PinSource pins;
    private final boolean loggedIn;
    private final long pinCacheDeadline;
    private final Map<KeyRef, PrivateKeyObject> keys = new HashMap<>();
    private boolean broken;
    private boolean closed;

    /**
     * A private key found for a KeyRef: its handle, its {@code CKA_ID} (to check a remembered handle
     * still names it) and what signing needs to know.
     */
    record PrivateKeyObject(long handle, byte[] id, String label, boolean alwaysAuthenticate,
            Set<Long> allowedMechanisms, KeyInfo keyInfo, Map<SignatureAlgorithm, Plan[]> plans) {}

    /** The mechanism chosen for one algorithm with one key (index 0: from data, 1: from a hash). */
    record Plan(MechanismTable.Row row, Mechanism mechanism) {}

    private KeyRef lastRef;
    private PrivateKeyObject lastKey;

    /**
     * @param pinCacheDeadline when the login ends under the admin policy's PIN cache
     *                         ({@link org.pechatka.token.PinCache#deadline}); 0: log out on close
     */
    Pkcs11Session(Pkcs11Token token, Session session, TokenInfo info, PinSource pins, boolean loggedIn,
            long pinCacheDeadline) {
        this.token = token;
        this.provider = token.provider();
        this.session = session;
        this.info = info;
        this.pins = pins;
        this.loggedIn = loggedIn;
        this.pinCacheDeadline = pinCacheDeadline;
    }

    @Override
    public TokenInfo token() {
        return info;
    }

    @Override
    public List<TokenCertificate> certificates() throws PechatkaException {
        checkUsable();
        try {
            P11Objects objects = new P11Objects(provider, session);
            return objects.pair(info.tokenId(), objects.certificates(), objects.keys(CKO_PRIVATE_KEY),
                    objects.keys(CKO_PUBLIC_KEY), loggedIn);
        } catch (PKCS11Exception e) {
            throw fail(e, "read certificates");
        }
    }

    @Override
    public byte[] sign(KeyRef key, SignatureAlgorithm algorithm, SignInput input) throws PechatkaException {
        checkUsable();
        PrivateKeyObject pk = privateKey(key);
        if (!algorithm.fits(pk.keyInfo())) {
            throw new PechatkaException.AlgorithmUnsupported(algorithm.name() + " does not fit a "
                    + pk.keyInfo().displayName() + " key");
        }
        boolean hashGiven = input.isDigest();
        if (hashGiven) {
            if (algorithm.hash() == null) {
                throw new PechatkaException.AlgorithmUnsupported(algorithm.name() + " signs data, not a hash");
            }
            if (input.length() != algorithm.hash().length()) {
                throw new PechatkaException.InvalidParams("the hash must be " + algorithm.hash().length()
                        + " bytes for " + algorithm.hash().protocolName());
            }
        }
        Plan plan = plan(pk, algorithm, hashGiven);
        byte[] toBeSigned = toBeSigned(plan.row(), algorithm, input);
        Mechanism mechanism = plan.mechanism();
        try {
            if (!pk.alwaysAuthenticate()) {
                return provider.call(() -> {
                    session.signInit(mechanism, pk.handle());
                    return session.sign(toBeSigned);
                });
            }
            provider.run(() -> session.signInit(mechanism, pk.handle()));
            contextLogin(pk, mechanism);
            return provider.call(() -> session.sign(toBeSigned));
        } catch (PKCS11Exception e) {
            throw fail(e, "sign");
        }
    }

    /** The mechanism for this key and algorithm, chosen once per session from the data table. */
    private Plan plan(PrivateKeyObject pk, SignatureAlgorithm algorithm, boolean hashGiven)
            throws PechatkaException.AlgorithmUnsupported {
        Plan[] plans = pk.plans().computeIfAbsent(algorithm, a -> new Plan[2]);
        int slot = hashGiven ? 1 : 0;
        if (plans[slot] == null) {
            Set<Long> offered = token.mechanisms();
            MechanismTable.Row row = MechanismTable.select(algorithm, pk.keyInfo().bits(), hashGiven,
                            m -> offered.contains(m)
                                    && (pk.allowedMechanisms() == null || pk.allowedMechanisms().contains(m)))
                    .orElseThrow(() -> new PechatkaException.AlgorithmUnsupported("the token offers no mechanism for "
                            + algorithm.name() + (hashGiven ? " over a given hash" : "")));
            plans[slot] = new Plan(row, new Mechanism(row.mechanism(), parameters(row, algorithm)));
        }
        return plans[slot];
    }

    /**
     * The extra login a {@code CKA_ALWAYS_AUTHENTICATE} key needs after every {@code C_SignInit}:
     * one PIN prompt and one {@code C_Login(CKU_CONTEXT_SPECIFIC)} per entry, again after a wrong PIN.
     */
    private void contextLogin(PrivateKeyObject pk, Mechanism mechanism) throws PechatkaException, PKCS11Exception {
        PinRequest request = new PinRequest(info, PinRequest.Kind.CONTEXT_SPECIFIC, pk.label(), info.protectedAuthPath(),
                null);
        while (true) {
            if (request.token().pin().locked()) {
                pins.pinLocked(request);
                throw new PechatkaException.PinLocked();
            }
            PinResponse answer = pins.requestPin(request);
            try {
                token.login(session, CKU_CONTEXT_SPECIFIC, answer);
                return;
            } catch (PechatkaException.PinLocked locked) {
                pins.pinLocked(request.afterFailure(token.info(), request.previousFailure()));
                throw locked;
            } catch (PechatkaException.PinIncorrect wrong) {
                TokenInfo refreshed = token.info();
                PechatkaException.PinIncorrect failure = new PechatkaException.PinIncorrect(
                        refreshed.pin().retriesLeft(), refreshed.pin().finalTry(), wrong.getMessage());
                if (info.protectedAuthPath()) {
                    throw failure;
                }
                request = request.afterFailure(refreshed, failure);
                restartSignOperation(pk, mechanism);
            } finally {
                if (answer instanceof PinResponse.Pin pin) {
                    pin.wipe();
                } else {
                    pins.pinPadFinished();
                }
            }
        }
    }

    /**
     * After a failed context-specific login some modules keep the signing operation, others end it.
     * {@code C_SignInit} tells which without spending a PIN try: {@code CKR_OPERATION_ACTIVE} means
     * the operation is still there.
     */
    private void restartSignOperation(PrivateKeyObject pk, Mechanism mechanism) throws PKCS11Exception {
        try {
            provider.run(() -> session.signInit(mechanism, pk.handle()));
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_OPERATION_ACTIVE) {
                throw e;
            }
        }
    }

    private static byte[] toBeSigned(MechanismTable.Row row, SignatureAlgorithm algorithm, SignInput input)
            throws PechatkaException {
        if (row.input() == MechanismTable.Input.DATA) {
            return input.bytes();
        }
        HashAlgorithm hash = algorithm.hash();
        byte[] digest = input.isDigest() ? input.bytes() : hash.digest(input.bytes());
        return row.input() == MechanismTable.Input.DIGEST_INFO ? hash.digestInfo(digest) : digest;
    }

    private static CkParams parameters(MechanismTable.Row row, SignatureAlgorithm algorithm) {
        return switch (row.param()) {
            case NONE -> null;
            case PSS -> {
                MechanismTable.HashRow h = MechanismTable.hash(algorithm.hash()).orElseThrow();
                yield new RSA_PKCS_PSS_PARAMS(h.hashMechanism(), h.mgf(), algorithm.hash().length());
            }
            case HASH_OID -> {
                try {
                    yield new ByteArrayParams(algorithm.hash().oid().getEncoded());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /**
     * Finds the private key of a KeyRef: by {@code CKA_ID}, else by public key (an RSA private key
     * shows its modulus; an EC key is found through its public key object).
     */
    private PrivateKeyObject privateKey(KeyRef ref) throws PechatkaException {
        if (ref == lastRef) {
            return lastKey; // the usual case: several signatures with one key
        }
        PrivateKeyObject cached = keys.get(ref);
        if (cached == null) {
            cached = stillThere(token.knownKey(ref), ref);
        }
        if (cached != null) {
            keys.put(ref, cached);
            lastRef = ref;
            lastKey = cached;
            return cached;
        }
        KeyInfo keyInfo;
        try {
            keyInfo = KeyInfo.of(ref.publicKey());
        } catch (IOException e) {
            throw new PechatkaException.AlgorithmUnsupported("Pechatka does not know this key's algorithm");
        }
        try {
            long handle = findPrivateKey(ref, keyInfo);
            if (handle == 0) {
                throw new PechatkaException.KeyNotFound("No private key for this certificate on the token");
            }
            AttributeVector a = provider.call(() -> session.getAttrValues(handle, CKA_ID, CKA_LABEL,
                    CKA_ALWAYS_AUTHENTICATE));
            Boolean always = a.alwaysAuthenticate();
            byte[] id = a.id();
            PrivateKeyObject pk = new PrivateKeyObject(handle, id == null ? new byte[0] : id, a.label(),
                    Boolean.TRUE.equals(always), allowedMechanisms(handle), keyInfo, new IdentityHashMap<>());
            keys.put(ref, pk);
            if (pk.id().length > 0) {
                token.rememberKey(ref, pk); // found again next time by a check of its handle
            }
            lastRef = ref;
            lastKey = pk;
            return pk;
        } catch (PKCS11Exception e) {
            throw fail(e, "find the key");
        }
    }

    /**
     * A key remembered from an earlier session, if its handle still names a private key with the
     * same {@code CKA_ID} (one {@code C_GetAttributeValue} instead of a search); else null.
     */
    private PrivateKeyObject stillThere(PrivateKeyObject known, KeyRef ref) throws PechatkaException {
        if (known == null) {
            return null;
        }
        try {
            AttributeVector a = provider.call(() -> session.getAttrValues(known.handle(), CKA_CLASS, CKA_ID));
            Long cls = a.class_();
            if (cls != null && cls == CKO_PRIVATE_KEY && Arrays.equals(a.id(), known.id())) {
                return known;
            }
        } catch (PKCS11Exception e) {
            if (CkrMapper.tokenGone(e.getErrorCode())) {
                throw fail(e, "find the key");
            }
            // CKR_OBJECT_HANDLE_INVALID and the like: search again
        }
        token.forgetKey(ref);
        return null;
    }

    private long findPrivateKey(KeyRef ref, KeyInfo keyInfo) throws PKCS11Exception {
        P11Objects objects = new P11Objects(provider, session);
        byte[] id = ref.keyId();
        if (id.length > 0) {
            long[] byId = objects.find(new AttributeVector().class_(CKO_PRIVATE_KEY).id(id));
            if (byId.length > 0) {
                return byId[0];
            }
        }
        if (keyInfo.family() == KeyFamily.RSA) {
            BigInteger modulus = org.bouncycastle.asn1.pkcs.RSAPublicKey
                    .getInstance(ref.publicKey().getPublicKeyData().getBytes()).getModulus();
            long[] byModulus = objects.find(new AttributeVector().class_(CKO_PRIVATE_KEY).keyType(CKK_RSA)
                    .attr(CKA_MODULUS, modulus));
            if (byModulus.length > 0) {
                return byModulus[0];
            }
        }
        for (P11Objects.KeyObject pub : objects.keys(CKO_PUBLIC_KEY)) {
            SubjectPublicKeyInfo onToken = objects.publicKey(pub);
            if (pub.id().length > 0 && onToken != null
                    && org.pechatka.crypto.PublicKeys.same(ref.publicKey(), onToken)) {
                long[] byPubId = objects.find(new AttributeVector().class_(CKO_PRIVATE_KEY).id(pub.id()));
                if (byPubId.length > 0) {
                    return byPubId[0];
                }
            }
        }
        return 0;
    }

    /**
     * {@code CKA_ALLOWED_MECHANISMS}, read through the low-level interface (the wrapper's own
     * post-processing of this attribute loses the array); null when the key does not restrict them.
     */
    private Set<Long> allowedMechanisms(long handle) {
        CK_ATTRIBUTE[] template = {new CK_ATTRIBUTE()};
        template[0].type = CKA_ALLOWED_MECHANISMS;
        try {
            provider.run(() -> {
                try {
                    provider.module().getPKCS11Module().C_GetAttributeValue(session.getSessionHandle(), handle,
                            template, true);
                } catch (iaik.pkcs.pkcs11.wrapper.PKCS11Exception e) {
                    throw provider.module().convertException(e);
                }
            });
        } catch (PKCS11Exception | RuntimeException e) {
            return null; // attribute absent or unreadable: no restriction known
        }
        if (template[0].pValue instanceof long[] list && list.length > 0) {
            Set<Long> set = new HashSet<>();
            for (long m : list) {
                set.add(m);
            }
            return set;
        }
        return null;
    }

    @Override
    public KeyRef generateKeyPair(KeyInfo keySpec, String label) throws PechatkaException {
        checkUsable();
        MechanismTable.KeyTypeRow type = MechanismTable.keyType(keySpec.family(), keySpec.bits())
                .orElseThrow(() -> new PechatkaException.AlgorithmUnsupported("cannot generate " + keySpec.displayName()));
        if (!token.mechanisms().contains(type.keyGen())) {
            throw new PechatkaException.AlgorithmUnsupported("the token cannot generate " + keySpec.displayName()
                    + " keys (" + type.keyGenName() + ")");
        }
        try {
            byte[] id = freshKeyId();
            KeyPairTemplate template = new KeyPairTemplate(type.keyType())
                    .token(true).id(id).labels(label).signVerify(true).private_(true, false);
            template.privateKey().sensitive(true).extractable(false);
            if (keySpec.family() == KeyFamily.RSA) {
                template.publicKey().modulusBits(keySpec.bits()).publicExponent(BigInteger.valueOf(65537));
            } else if (keySpec.family() == KeyFamily.GOST_2012) {
                // PKCS#11 v2.40 / TC26: the paramSet and the Streebog of the key size
                template.publicKey().gostr3410Params(keySpec.curveOid().getEncoded()).gostr3411Params(
                        (keySpec.bits() == 512 ? HashAlgorithm.STREEBOG_512 : HashAlgorithm.STREEBOG_256).oid()
                                .getEncoded());
            } else {
                if (keySpec.curveOid() == null) {
                    throw new PechatkaException.AlgorithmUnsupported("a named curve is needed to generate a key");
                }
                template.publicKey().ecParams(keySpec.curveOid().getEncoded());
            }
            token.changed();
            PKCS11KeyPair pair = provider.call(() -> session.generateKeyPair(new Mechanism(type.keyGen()), template));
            SubjectPublicKeyInfo spki = new P11Objects(provider, session).publicKey(
                    new P11Objects.KeyObject(pair.getPublicKey(), id, type.keyType(), null));
            if (spki == null) {
                throw new PechatkaException.TokenFailure(null, "The token did not return the new public key", null);
            }
            return new KeyRef(id, spki);
        } catch (PKCS11Exception e) {
            throw fail(e, "generate a key");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public java.util.Optional<KeyRef> findKey(SubjectPublicKeyInfo publicKey) throws PechatkaException {
        checkUsable();
        KeyInfo keyInfo;
        try {
            keyInfo = KeyInfo.of(publicKey);
        } catch (IOException e) {
            return java.util.Optional.empty(); // a key Pechatka cannot use is no key to store next to
        }
        try {
            long handle = findPrivateKey(new KeyRef(new byte[0], publicKey), keyInfo);
            if (handle == 0) {
                return java.util.Optional.empty();
            }
            AttributeVector a = provider.call(() -> session.getAttrValues(handle, CKA_ID));
            byte[] id = a.id();
            return java.util.Optional.of(new KeyRef(id == null ? new byte[0] : id, publicKey));
        } catch (PKCS11Exception e) {
            throw fail(e, "find the key");
        }
    }

    /** A random key id that no object on the token has yet. */
    private byte[] freshKeyId() throws PKCS11Exception {
        P11Objects objects = new P11Objects(provider, session);
        for (int attempt = 0; attempt < 8; attempt++) {
            byte[] id = new byte[KEY_ID_BYTES];
            RANDOM.nextBytes(id);
            if (objects.find(new AttributeVector().id(id)).length == 0) {
                return id;
            }
        }
        throw new IllegalStateException("no free key id after 8 random draws");
    }

    @Override
    public StoredCertificate storeCertificate(X509Certificate certificate, byte[] keyId, String label)
            throws PechatkaException {
        checkUsable();
        String certId = TokenCertificate.certId(certificate);
        try {
            byte[] der = certificate.getEncoded();
            P11Objects objects = new P11Objects(provider, session);
            long[] same = objects.find(new AttributeVector().class_(CKO_CERTIFICATE).certificateType(CKC_X_509)
                    .value(der));
            if (same.length > 0) {
                return new StoredCertificate(certId, true);
            }
            byte[] id = keyId == null ? new byte[0] : keyId.clone();
            AttributeVector template = AttributeVector.newX509Certificate()
                    .token(true).private_(false)
                    .label(label == null || label.isBlank() ? certificate.getSubjectX500Principal().getName() : label)
                    .subject(certificate.getSubjectX500Principal().getEncoded())
                    .issuer(certificate.getIssuerX500Principal().getEncoded())
                    .serialNumber(new ASN1Integer(certificate.getSerialNumber()).getEncoded())
                    .value(der);
            if (id.length > 0) {
                template.id(id);
            }
            token.changed();
            provider.call(() -> session.createObject(template));
            return new StoredCertificate(certId, false);
        } catch (PKCS11Exception e) {
            throw fail(e, "store the certificate");
        } catch (CertificateEncodingException | IOException e) {
            throw new PechatkaException.InvalidParams("the certificate cannot be encoded");
        }
    }

    @Override
    public List<org.pechatka.token.KeyWithoutCertificate> keysWithoutCertificate() throws PechatkaException {
        checkUsable();
        try {
            return new P11Housekeeping(provider, session).uncertified(info.tokenId());
        } catch (PKCS11Exception e) {
            throw fail(e, "read keys");
        }
    }

    @Override
    public void deleteCertificate(TokenCertificate certificate, boolean withKey) throws PechatkaException {
        checkUsable();
        try {
            token.changed();
            new P11Housekeeping(provider, session).deleteCertificate(certificate, withKey);
        } catch (PKCS11Exception e) {
            throw fail(e, "delete the certificate");
        }
    }

    @Override
    public void deleteKey(org.pechatka.token.KeyWithoutCertificate key) throws PechatkaException {
        checkUsable();
        try {
            token.changed();
            new P11Housekeeping(provider, session).deleteKey(key);
        } catch (PKCS11Exception e) {
            throw fail(e, "delete the key");
        }
    }

    private void checkUsable() throws PechatkaException {
        if (closed) {
            throw new IllegalStateException("session closed");
        }
        if (broken || token.gone()) {
            broken = true;
            throw new PechatkaException.TokenRemoved();
        }
    }

    private PechatkaException fail(PKCS11Exception e, String operation) {
        if (CkrMapper.tokenGone(e.getErrorCode())) {
            broken = true;
        }
        return token.fail(e, CkrMapper.Phase.DURING, operation);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!broken && !token.gone()) {
                if (!loggedIn) {
                    token.closeQuietly(session);
                } else if (!token.keep(session, pinCacheDeadline)) {
                    token.endLogin(session);
                }
            }
        } finally {
            keys.clear();
            lastRef = null;
            lastKey = null;
            token.lock().unlock();
        }
    }
}
