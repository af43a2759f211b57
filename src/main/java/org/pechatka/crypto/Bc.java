package org.pechatka.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Bouncy Castle provider, as one instance passed explicitly to the JCA calls that need it.
 * Pechatka never registers it globally ({@code Security.addProvider}), so it cannot change what
 * other code in the process gets from the JCA.
 */
public final class Bc {

    /** The shared Bouncy Castle provider instance. */
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {}
}
