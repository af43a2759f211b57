package org.pechatka.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.pechatka.error.PechatkaException;

/**
 * All token providers of the application: the tokens present now, token events, and an orderly
 * shutdown ({@code C_Finalize} once per module). A token visible through two providers (a module
 * loaded under two names) is listed once, from the first provider.
 */
public final class TokenRegistry implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TokenRegistry.class.getName());

    private final List<TokenProvider> providers;
    private final List<Consumer<TokenEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean watching = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pechatka-token-events");
        t.setDaemon(true);
        return t;
    });

    public TokenRegistry(List<? extends TokenProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    public List<TokenProvider> providers() {
        return providers;
    }

    public List<ProviderStatus> statuses() {
        return providers.stream().map(TokenProvider::status).toList();
    }

    /** The tokens present now, each once. */
    public List<Token> tokens() {
        Map<String, Token> byId = new LinkedHashMap<>();
        for (TokenProvider p : providers) {
            for (Token t : p.tokens()) {
                byId.putIfAbsent(t.id(), t);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** The token with this id, if present. */
    public Optional<Token> token(String tokenId) {
        return tokens().stream().filter(t -> t.id().equals(tokenId)).findFirst();
    }

    /** The token with this id, or TOKEN_NOT_PRESENT. */
    public Token require(String tokenId) throws PechatkaException.TokenNotPresent {
        return token(tokenId).orElseThrow(PechatkaException.TokenNotPresent::new);
    }

    /**
     * Adds a listener for inserted and removed tokens; events arrive on one event thread, in order.
     * The first listener starts the providers' monitors.
     */
    public void addListener(Consumer<TokenEvent> listener) {
        listeners.add(listener);
        if (watching.compareAndSet(false, true)) {
            for (TokenProvider p : providers) {
                p.watch(this::dispatch);
            }
        }
    }

    /** Stops delivering events to {@code listener}. */
    public void removeListener(Consumer<TokenEvent> listener) {
        listeners.remove(listener);
    }

    private void dispatch(TokenEvent event) {
        if (closed.get()) {
            return;
        }
        events.execute(() -> {
            for (Consumer<TokenEvent> l : listeners) {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "token listener failed", e);
                }
            }
        });
    }

    /** Ends every login kept for the PIN cache (e.g. the person chose "forget PINs"). */
    public void forgetPins() {
        for (Token t : tokens()) {
            t.forgetPin();
        }
    }

    /** Closes every provider once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        events.shutdownNow();
        for (TokenProvider p : providers) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing a token provider failed", e);
            }
        }
    }
}
