package org.pechatka.desktop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.pechatka.config.Origins;

/**
 * Reads what a person types as a site into the exact origin that would be trusted. People paste
 * whole addresses from the browser or type just the host, so {@code portal.gov.by} and
 * {@code https://portal.gov.by/login?x=1} both mean {@code https://portal.gov.by}; the window then
 * shows that exact origin in its warning before anything is added. Only https (and, for
 * development, http on localhost) can be trusted ({@link Origins#normalizeTrustable}).
 */
public final class SiteInput {

    /**
     * The outcome: the origin to trust, or why there is none.
     *
     * @param origin  the normalised origin, or null
     * @param problem why the input cannot be trusted, or null
     */
    public record Parsed(String origin, SettingsProblem problem) {
        public boolean ok() {
            return origin != null;
        }
    }

    private SiteInput() {}

    public static Parsed parse(String typed) {
        String t = typed == null ? "" : typed.strip();
        if (t.isEmpty()) {
            return new Parsed(null, SettingsProblem.EMPTY);
        }
        if (!t.contains("://")) {
            t = "https://" + t;
        }
        String candidate = originPart(t);
        if (candidate == null || Origins.normalize(candidate) == null) {
            return new Parsed(null, SettingsProblem.NOT_AN_ORIGIN);
        }
        String trustable = Origins.normalizeTrustable(candidate);
        return trustable == null ? new Parsed(null, SettingsProblem.NOT_HTTPS) : new Parsed(trustable, null);
    }

    /** {@code scheme://host[:port]} of an address, or null when it has user info or is not an address. */
    private static String originPart(String address) {
        try {
            URI uri = new URI(address);
            if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getRawUserInfo() != null
                    || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                    + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
