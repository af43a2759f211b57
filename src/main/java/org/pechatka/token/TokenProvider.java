package org.pechatka.token;

import java.util.List;
import java.util.function.Consumer;

/**
 * A source of tokens: one loaded PKCS#11 module, or the key files. Thread-safe.
 */
public interface TokenProvider extends AutoCloseable {

    /** How loading went. */
    ProviderStatus status();

    /** The tokens present now (rescans). Empty when the provider failed to load. */
    List<Token> tokens();

    /** Every slot with what is in it, for diagnostics. */
    List<SlotReport> slots();

    /** Starts watching for inserted and removed tokens; events go to {@code listener}. */
    void watch(Consumer<TokenEvent> listener);

    /** Releases the provider ({@code C_Finalize} for a module, exactly once). Never throws. */
    @Override
    void close();
}
