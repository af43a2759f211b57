package org.pechatka.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKC_X_509;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.crypto.PublicKeys;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.KeyWithoutCertificate;
import org.pechatka.token.TokenCertificate;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Finds keys no certificate belongs to and deletes certificates and keys. Every object is chosen
 * by its class and {@code CKA_ID} and checked again by reading it back (a certificate by its DER, a
 * key by its public key where the token shows it) right before {@code C_DestroyObject}: a wrong
 * object is never deleted, and a key another certificate still uses is never deleted.
 */
final class P11Housekeeping {

    private final Pkcs11Provider provider;
    private final Session session;
    private final P11Objects objects;

    P11Housekeeping(Pkcs11Provider provider, Session session) {
        this.provider = provider;
        this.session = session;
        this.objects = new P11Objects(provider, session);
    }

    /** A key pair found by id: its objects and, when readable, its public key. */
    private record KeyGroup(byte[] id, List<Long> handles, SubjectPublicKeyInfo publicKey, String label) {}

    /**
     * The key pairs (grouped by {@code CKA_ID}) whose id names no certificate and whose public key
     * is in no certificate. Keys without an id, or whose public key cannot be read, are left out:
     * whether a certificate uses them cannot be told.
     */
    List<KeyWithoutCertificate> uncertified(String tokenId) throws PKCS11Exception {
        List<P11Objects.CertObject> certs = objects.certificates();
        Set<ByteBuffer> certIds = new HashSet<>();
        Set<SubjectPublicKeyInfo> certKeys = new HashSet<>();
        for (P11Objects.CertObject c : certs) {
            if (c.id().length > 0) {
                certIds.add(ByteBuffer.wrap(c.id()));
            }
            certKeys.add(spki(c));
        }
        List<KeyWithoutCertificate> out = new ArrayList<>();
        for (KeyGroup g : groups().values()) {
            if (certIds.contains(ByteBuffer.wrap(g.id())) || g.publicKey() == null
                    || certKeys.contains(PublicKeys.canonical(g.publicKey()))) {
                continue;
            }
            out.add(new KeyWithoutCertificate(tokenId, g.id(), g.label(), describe(g.publicKey())));
        }
        return out;
    }

    /** Private and public key objects with an id, grouped by id in token order. */
    private Map<ByteBuffer, KeyGroup> groups() throws PKCS11Exception {
        Map<ByteBuffer, KeyGroup> groups = new LinkedHashMap<>();
        List<P11Objects.KeyObject> all = new ArrayList<>(objects.keys(CKO_PUBLIC_KEY));
        all.addAll(objects.keys(CKO_PRIVATE_KEY));
        for (P11Objects.KeyObject k : all) {
            if (k.id().length == 0) {
                continue;
            }
            ByteBuffer id = ByteBuffer.wrap(k.id());
            KeyGroup g = groups.get(id);
            SubjectPublicKeyInfo spki = g != null && g.publicKey() != null ? g.publicKey() : objects.publicKey(k);
            String label = g != null && !g.label().isEmpty() ? g.label() : label(k.handle());
            List<Long> handles = g == null ? new ArrayList<>() : g.handles();
            handles.add(k.handle());
            groups.put(id, new KeyGroup(k.id(), handles, spki, label));
        }
        return groups;
    }

    /** Deletes the key pair of a key without certificate, after checking again that it is one. */
    void deleteKey(KeyWithoutCertificate key) throws PKCS11Exception, PechatkaException {
        byte[] id = key.keyId();
        boolean stillUncertified = uncertified(key.tokenId()).stream().anyMatch(k -> Arrays.equals(k.keyId(), id));
        List<Long> handles = keyHandles(id);
        if (handles.isEmpty()) {
            throw new PechatkaException.KeyNotFound("The key is no longer on the token");
        }
        if (!stillUncertified) {
            throw new PechatkaException.OperationNotAllowed("A certificate on the token uses this key");
        }
        for (long h : handles) {
            destroy(h);
        }
    }

    /**
     * Deletes the certificate objects equal to {@code certificate}; with {@code withKey} then its
     * key objects, unless another certificate uses the key or a key object's public key differs.
     */
    void deleteCertificate(TokenCertificate certificate, boolean withKey) throws PKCS11Exception, PechatkaException {
        byte[] der;
        try {
            der = certificate.certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new PechatkaException.InvalidParams("the certificate cannot be encoded");
        }
        long[] found = objects.find(new AttributeVector().class_(CKO_CERTIFICATE).certificateType(CKC_X_509).value(der));
        List<Long> certHandles = new ArrayList<>();
        for (long h : found) {
            AttributeVector a = provider.call(() -> session.getAttrValues(h, CKA_CLASS, CKA_VALUE));
            if (a.class_() != null && a.class_() == CKO_CERTIFICATE && Arrays.equals(a.value(), der)) {
                certHandles.add(h);
            }
        }
        if (certHandles.isEmpty()) {
            throw new PechatkaException.KeyNotFound("The certificate is no longer on the token");
        }
        List<Long> keyHandles = withKey ? keyHandlesOf(certificate, certHandles) : List.of();
        for (long h : certHandles) {
            destroy(h);
        }
        for (long h : keyHandles) {
            destroy(h);
        }
    }

    /** The key objects of a certificate that may go with it, checked as {@link #deleteCertificate} says. */
    private List<Long> keyHandlesOf(TokenCertificate certificate, List<Long> certHandles)
            throws PKCS11Exception, PechatkaException {
        byte[] id = certificate.keyId();
        SubjectPublicKeyInfo certKey = PublicKeys.canonical(
                SubjectPublicKeyInfo.getInstance(certificate.certificate().getPublicKey().getEncoded()));
        if (id.length == 0) {
            throw new PechatkaException.OperationNotAllowed("The key has no id; it cannot be deleted safely");
        }
        for (P11Objects.CertObject other : objects.certificates()) {
            if (certHandles.contains(other.handle())) {
                continue;
            }
            if (Arrays.equals(other.id(), id) || spki(other).equals(certKey)) {
                throw new PechatkaException.OperationNotAllowed("Another certificate on the token uses this key");
            }
        }
        List<Long> handles = keyHandles(id);
        for (long h : handles) {
            AttributeVector a = provider.call(() -> session.getAttrValues(h, CKA_CLASS,
                    org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE));
            long type = a.keyType() == null ? -1 : a.keyType();
            SubjectPublicKeyInfo onToken = objects.publicKey(new P11Objects.KeyObject(h, id, type, null));
            if (onToken != null && !PublicKeys.canonical(onToken).equals(certKey)) {
                throw new PechatkaException.OperationNotAllowed("The key with this id is not the certificate's key");
            }
        }
        return handles;
    }

    /** Private then public key objects with exactly this id. */
    private List<Long> keyHandles(byte[] id) throws PKCS11Exception {
        List<Long> handles = new ArrayList<>();
        for (long cls : new long[] {CKO_PRIVATE_KEY, CKO_PUBLIC_KEY}) {
            for (long h : objects.find(new AttributeVector().class_(cls).id(id))) {
                AttributeVector a = provider.call(() -> session.getAttrValues(h, CKA_CLASS, CKA_ID));
                if (a.class_() != null && a.class_() == cls && Arrays.equals(a.id(), id)) {
                    handles.add(h);
                }
            }
        }
        return handles;
    }

    private void destroy(long handle) throws PKCS11Exception {
        provider.run(() -> session.destroyObject(handle));
    }

    private String label(long handle) throws PKCS11Exception {
        String label = provider.call(() -> session.getAttrValues(handle, CKA_LABEL)).label();
        return label == null ? "" : label;
    }

    private static SubjectPublicKeyInfo spki(P11Objects.CertObject c) {
        return PublicKeys.canonical(SubjectPublicKeyInfo.getInstance(c.certificate().getPublicKey().getEncoded()));
    }

    private static String describe(SubjectPublicKeyInfo spki) {
        try {
            return KeyInfo.of(spki).displayName();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
