package org.pechatka.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pechatka.config.AdminPolicy;
import org.pechatka.config.Origins;

/**
 * The trusted origins: the admin policy's, plus — when the policy allows it — the user's own and
 * those given with {@code --allow-origin}. Compared after normalisation, exactly.
 */
public final class OriginPolicy {

    private final Set<String> trusted;

    private OriginPolicy(Set<String> trusted) {
        this.trusted = Set.copyOf(trusted);
    }

    /**
     * @param policy      the admin policy
     * @param user        the user's trusted sites
     * @param commandLine {@code --allow-origin} values (already checked trustable)
     */
    public static OriginPolicy of(AdminPolicy policy, List<String> user, List<String> commandLine) {
        Set<String> all = new LinkedHashSet<>(policy.trustedOrigins());
        if (policy.allowUserOrigins()) {
            for (String o : user) {
                add(all, o);
            }
            for (String o : commandLine) {
                add(all, o);
            }
        }
        return new OriginPolicy(all);
    }

    private static void add(Set<String> all, String origin) {
        String n = Origins.normalizeTrustable(origin);
        if (n != null) {
            all.add(n);
        }
    }

    /** Whether an {@code Origin} header names a trusted site. */
    public boolean trusted(String originHeader) {
        String n = Origins.normalize(originHeader);
        return n != null && trusted.contains(n);
    }

    /** The normalised form of a trusted origin header, or null. */
    public String trustedForm(String originHeader) {
        String n = Origins.normalize(originHeader);
        return n != null && trusted.contains(n) ? n : null;
    }

    public List<String> origins() {
        return new ArrayList<>(trusted);
    }
}
