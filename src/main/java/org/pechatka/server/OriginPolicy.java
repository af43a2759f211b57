package org.pechatka.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.pechatka.config.AdminPolicy;
import org.pechatka.config.Origins;

/**
 * The trusted origins: the admin policy's, plus — when the policy allows it — the user's own and
 * those given with {@code --allow-origin}. Compared after normalisation, exactly.
 *
 * <p>The user's part can be replaced while the endpoint runs (Settings → Trusted sites): the change
 * holds for the next check at once. Listeners hear of every change, so the endpoint can close the
 * connections of a site that is no longer trusted. Thread-safe: the user's part is an immutable set
 * swapped atomically.
 */
public final class OriginPolicy {

    /** Where a trusted origin comes from; the admin's entries win over the others. */
    public enum Source {
        /** The admin policy: every user trusts it; it cannot be removed in Settings. */
        ADMIN,
        /** {@code --allow-origin}: trusted for this run only. */
        COMMAND_LINE,
        /** The user's Settings. */
        USER
    }

    private final List<String> admin;
    private final List<String> commandLine;
    private final boolean userOriginsAllowed;
    private final AtomicReference<List<String>> user = new AtomicReference<>(List.of());
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private OriginPolicy(List<String> admin, List<String> commandLine, boolean userOriginsAllowed) {
        this.admin = List.copyOf(admin);
        this.commandLine = List.copyOf(commandLine);
        this.userOriginsAllowed = userOriginsAllowed;
    }

    /**
     * @param policy      the admin policy
     * @param user        the user's trusted sites
     * @param commandLine {@code --allow-origin} values (already checked trustable)
     */
    public static OriginPolicy of(AdminPolicy policy, List<String> user, List<String> commandLine) {
        OriginPolicy p = new OriginPolicy(normalized(policy.trustedOrigins()),
                policy.allowUserOrigins() ? normalized(commandLine) : List.of(), policy.allowUserOrigins());
        p.user.set(normalized(user));
        return p;
    }

    private static List<String> normalized(List<String> origins) {
        Set<String> out = new LinkedHashSet<>();
        for (String o : origins) {
            String n = Origins.normalizeTrustable(o);
            if (n != null) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Replaces the user's trusted sites (ignored, as at start, when the admin policy forbids user
     * sites) and tells the listeners.
     */
    public void replaceUserOrigins(List<String> origins) {
        user.set(normalized(origins));
        for (Runnable l : listeners) {
            l.run();
        }
    }

    /**
     * Calls {@code listener} after every change of the user's sites (on the changing thread).
     *
     * @return removes the listener again
     */
    public Runnable addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Whether an {@code Origin} header names a trusted site. */
    public boolean trusted(String originHeader) {
        return trustedForm(originHeader) != null;
    }

    /** The normalised form of a trusted origin header, or null. */
    public String trustedForm(String originHeader) {
        String n = Origins.normalize(originHeader);
        return n != null && source(n) != null ? n : null;
    }

    /** Where a normalised origin is trusted from (the admin first), or null when it is not trusted. */
    public Source source(String normalizedOrigin) {
        if (admin.contains(normalizedOrigin)) {
            return Source.ADMIN;
        }
        if (commandLine.contains(normalizedOrigin)) {
            return Source.COMMAND_LINE;
        }
        if (userOriginsAllowed && user.get().contains(normalizedOrigin)) {
            return Source.USER;
        }
        return null;
    }

    /** Whether the admin policy lets users trust sites of their own. */
    public boolean userOriginsAllowed() {
        return userOriginsAllowed;
    }

    /** Every trusted origin: the admin's, the command line's, then the user's. */
    public List<String> origins() {
        Set<String> all = new LinkedHashSet<>(admin);
        all.addAll(commandLine);
        if (userOriginsAllowed) {
            all.addAll(user.get());
        }
        return new ArrayList<>(all);
    }
}
