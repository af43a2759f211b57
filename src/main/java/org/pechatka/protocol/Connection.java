package org.pechatka.protocol;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.Interaction;

/**
 * One page's connection: its origin (from the transport, checked against the allowlist before the
 * connection was accepted), a way to send it notifications, and its open interactions, which end
 * when the connection does.
 */
public final class Connection {

    private final String origin;
    private final Consumer<String> sender;
    private final Set<Interaction> interactions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    Connection(String origin, Consumer<String> sender) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    public String origin() {
        return origin;
    }

    void send(String message) {
        if (!closed.get()) {
            sender.accept(message);
        }
    }

    boolean closed() {
        return closed.get();
    }

    void track(Interaction interaction) {
        interactions.add(interaction);
        if (closed.get()) {
            interaction.abort(new PechatkaException.UserCancelled());
        }
    }

    void untrack(Interaction interaction) {
        interactions.remove(interaction);
    }

    /** The page went away: its dialogs close. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            interactions.forEach(i -> i.abort(new PechatkaException.UserCancelled()));
        }
    }
}
