package org.pechatka.token.file;

import java.util.List;
import org.pechatka.error.PechatkaException;

/**
 * Reads back what {@link Pkcs12Writer} writes (and any PKCS#12 file): the private keys as PKCS#8
 * with their certificates and names, for keys Pechatka itself keeps in files (the demo CAs).
 */
public final class Pkcs12Reader {

    private Pkcs12Reader() {}

    /**
     * @throws PechatkaException.PinIncorrect a wrong password
     * @throws PechatkaException.TokenFailure not PKCS#12, or a key Pechatka cannot use
     */
    public static List<Pkcs12Writer.Entry> read(byte[] pfx, char[] password) throws PechatkaException {
        return Pkcs12Unlock.entries(pfx, password);
    }
}
