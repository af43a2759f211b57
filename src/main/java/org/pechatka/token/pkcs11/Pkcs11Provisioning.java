package org.pechatka.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKF_TOKEN_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_SO;

import java.util.Arrays;
import org.pechatka.error.PechatkaException;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * Initialises an empty token in a free slot: used only to create the demo token on a private
 * SoftHSM2 store. It refuses to touch a token that is already initialised, so it can never wipe a
 * user's token.
 */
public final class Pkcs11Provisioning {

    private Pkcs11Provisioning() {}

    /**
     * Initialises the first uninitialised token of the module with a label, SO PIN and user PIN.
     *
     * @throws PechatkaException.TokenNotPresent when no uninitialised token exists
     */
    public static void initializeFreeToken(Pkcs11Provider provider, String label, char[] soPin, char[] userPin)
            throws PechatkaException {
        if (label.length() > 32) {
            throw new IllegalArgumentException("a token label has at most 32 characters");
        }
        if (!provider.status().loaded()) {
            throw new PechatkaException.TokenNotPresent();
        }
        try {
            Slot free = null;
            for (Slot slot : provider.call(() -> provider.module().getSlotList(true))) {
                if (!provider.call(() -> slot.getToken().getTokenInfo()).hasFlagBit(CKF_TOKEN_INITIALIZED)) {
                    free = slot;
                    break;
                }
            }
            if (free == null) {
                throw new PechatkaException.TokenNotPresent();
            }
            long slotId = free.getSlotID();
            char[] paddedLabel = Arrays.copyOf(label.toCharArray(), 32);
            Arrays.fill(paddedLabel, label.length(), 32, ' ');
            provider.run(() -> {
                try {
                    provider.module().getPKCS11Module().C_InitToken(slotId, soPin, paddedLabel, true);
                } catch (iaik.pkcs.pkcs11.wrapper.PKCS11Exception e) {
                    throw provider.module().convertException(e);
                }
            });
            Slot slot = free;
            Session session = provider.call(() -> slot.getToken().openSession(true));
            try {
                provider.run(() -> {
                    session.login(CKU_SO, soPin);
                    session.initPIN(userPin);
                    session.logout();
                });
            } finally {
                provider.run(() -> session.closeSession());
            }
        } catch (PKCS11Exception e) {
            throw CkrMapper.map(e, CkrMapper.Phase.DURING, "initialise the token");
        }
    }
}
