package org.pechatka.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.pechatka.desktop.Notice;
import org.pechatka.desktop.Notifier;
import org.pechatka.server.ServerEvents;

/**
 * Tells the person when a site that is not trusted tried to use Pechatka: a notification that only
 * informs, whose action opens Trusted sites (adding a site happens there, with its warning). A
 * hostile page can knock as often as it likes, from as many subdomains as it likes, so
 * notifications are limited: one per origin per {@link #PER_ORIGIN}, and at most {@link #OVERALL_MAX}
 * in any {@link #OVERALL_WINDOW}. Every refusal is still logged.
 */
final class BlockedOriginNotices implements ServerEvents {

    private static final System.Logger LOG = System.getLogger(BlockedOriginNotices.class.getName());
    static final Duration PER_ORIGIN = Duration.ofMinutes(5);
    static final Duration OVERALL_WINDOW = Duration.ofMinutes(10);
    static final int OVERALL_MAX = 3;
    /** Origins remembered at most; older entries go first (a page cycling through names cannot grow it). */
    private static final int MAX_REMEMBERED = 256;

    private final Notifier notifier;
    private final Runnable trustedSites;
    private final Clock clock;
    private final Map<String, Instant> lastByOrigin = new HashMap<>();
    private final Deque<Instant> recent = new ArrayDeque<>();

    BlockedOriginNotices(Notifier notifier, Runnable trustedSites, Clock clock) {
        this.notifier = notifier;
        this.trustedSites = trustedSites;
        this.clock = clock;
    }

    @Override
    public void originBlocked(String origin) {
        LOG.log(System.Logger.Level.INFO, "blocked a request from {0}", origin);
        if ("(none)".equals(origin)) {
            return; // a program without a page (no Origin header): there is no site to tell the person about
        }
        if (allow(origin, clock.instant())) {
            notifier.show(new Notice(Notice.Kind.ORIGIN_BLOCKED, origin, trustedSites));
        }
    }

    /** Whether a notification for {@code origin} may be shown now; records it if so. */
    synchronized boolean allow(String origin, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(OVERALL_WINDOW))) {
            recent.removeFirst();
        }
        Instant last = lastByOrigin.get(origin);
        if (last != null && last.isAfter(now.minus(PER_ORIGIN))) {
            return false;
        }
        if (recent.size() >= OVERALL_MAX) {
            return false;
        }
        if (lastByOrigin.size() >= MAX_REMEMBERED) {
            lastByOrigin.values().removeIf(t -> !t.isAfter(now.minus(PER_ORIGIN)));
            if (lastByOrigin.size() >= MAX_REMEMBERED) {
                return false; // hundreds of origins within minutes: an attack, not a person's site
            }
        }
        lastByOrigin.put(origin, now);
        recent.addLast(now);
        return true;
    }
}
