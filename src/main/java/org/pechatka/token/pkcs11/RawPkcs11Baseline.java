package org.pechatka.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKC_X_509;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import org.pechatka.error.PechatkaException;
import org.pechatka.token.Token;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * The xipki wrapper used directly, with none of Pechatka's token layer around it: the baseline the
 * benchmark measures the token layer against. Not used by the application itself.
 */
public final class RawPkcs11Baseline implements AutoCloseable {

    /** CKM_RSA_PKCS. */
    public static final long CKM_RSA_PKCS = 0x00000001L;
    /** CKM_ECDSA. */
    public static final long CKM_ECDSA = 0x00001041L;

    private final Session session;

    private RawPkcs11Baseline(Session session) {
        this.session = session;
    }

    /** Opens a session on a token of the provider and logs in ({@code pin} null: no login). */
    public static RawPkcs11Baseline open(Token token, char[] pin) throws PechatkaException {
        if (!(token instanceof Pkcs11Token p11)) {
            throw new IllegalArgumentException("not a PKCS#11 token");
        }
        try {
            Session s = openOn(p11);
            if (pin != null) {
                try {
                    s.login(CKU_USER, pin);
                } catch (PKCS11Exception e) {
                    if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                        throw e;
                    }
                }
            }
            return new RawPkcs11Baseline(s);
        } catch (PKCS11Exception e) {
            throw CkrMapper.map(e, CkrMapper.Phase.START, "open a session");
        }
    }

    private static Session openOn(Pkcs11Token token) throws PKCS11Exception {
        for (var slot : token.provider().module().getSlotList(true)) {
            if (slot.getSlotID() == token.slotId()) {
                return slot.getToken().openSession(false);
            }
        }
        throw new PKCS11Exception(org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_TOKEN_NOT_PRESENT);
    }

    /** The handle of the private key with this CKA_ID. */
    public long privateKey(byte[] id) throws PechatkaException {
        try {
            long[] h = session.findObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY).id(id), 1);
            if (h.length == 0) {
                throw new PechatkaException.KeyNotFound("no private key with this id");
            }
            return h[0];
        } catch (PKCS11Exception e) {
            throw CkrMapper.map(e, CkrMapper.Phase.DURING, "find the key");
        }
    }

    /** One signature: {@code C_SignInit} + {@code C_Sign}. */
    public byte[] sign(long mechanism, long keyHandle, byte[] input) throws PechatkaException {
        try {
            session.signInit(new Mechanism(mechanism), keyHandle);
            return session.sign(input);
        } catch (PKCS11Exception e) {
            throw CkrMapper.map(e, CkrMapper.Phase.DURING, "sign");
        }
    }

    /**
     * Finds every X.509 certificate object and reads its value: the raw form of a listing. Returns
     * the number of bytes read.
     */
    public long readAllCertificates() throws PechatkaException {
        try {
            long[] handles = session.findAllObjectsSingle(new AttributeVector().class_(CKO_CERTIFICATE)
                    .certificateType(CKC_X_509));
            long bytes = 0;
            for (long h : handles) {
                byte[] v = session.getAttrValues(h, CKA_VALUE).value();
                bytes += v == null ? 0 : v.length;
            }
            return bytes;
        } catch (PKCS11Exception e) {
            throw CkrMapper.map(e, CkrMapper.Phase.DURING, "read certificates");
        }
    }

    @Override
    public void close() {
        try {
            session.closeSession();
        } catch (PKCS11Exception e) {
            // nothing left to do
        }
    }
}
