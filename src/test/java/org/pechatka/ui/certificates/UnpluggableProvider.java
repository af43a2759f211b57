package org.pechatka.ui.certificates;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.pechatka.token.ProviderStatus;
import org.pechatka.token.SlotReport;
import org.pechatka.token.Token;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenProvider;

/**
 * The real SoftHSM2 provider with a hand on the plug: {@link #unplug()} makes its tokens disappear
 * and reports them removed, as a reader does when the token is pulled out (SoftHSM2 has no slot
 * events of its own). Reads and writes still go to the real token.
 */
final class UnpluggableProvider implements TokenProvider {

    private final TokenProvider real;
    private final List<Consumer<TokenEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean plugged = true;

    UnpluggableProvider(TokenProvider real) {
        this.real = real;
    }

    void unplug() {
        List<Token> gone = real.tokens();
        plugged = false;
        for (Token t : gone) {
            listeners.forEach(l -> l.accept(new TokenEvent.Removed(t.id())));
        }
    }

    @Override
    public ProviderStatus status() {
        return real.status();
    }

    @Override
    public List<Token> tokens() {
        return plugged ? real.tokens() : List.of();
    }

    @Override
    public List<SlotReport> slots() {
        return real.slots();
    }

    @Override
    public void watch(Consumer<TokenEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        // the extension closes the real provider
    }
}
