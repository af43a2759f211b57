package org.pechatka.token;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * PIN caching, which only the administrator can turn on (policy {@code pinCacheMinutes}): after the
 * person enters a PIN, the token stays logged in (a key file stays unlocked) until a deadline a
 * fixed time after that entry. Using the token does not extend it. Off (zero) by default: the PIN
 * is asked for every operation (PROTOCOL.md §4). Caching never skips a dialog other than the PIN:
 * every signature still needs the person's confirmation.
 */
public final class PinCache {

    /** The longest an administrator may set: "a few minutes". */
    public static final Duration MAX = Duration.ofMinutes(15);

    private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pechatka-pin-cache");
        t.setDaemon(true);
        return t;
    });

    private PinCache() {}

    /** Checks a cache duration: zero (off) up to {@link #MAX}. */
    public static Duration check(Duration duration) {
        if (duration == null || duration.isNegative() || duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the PIN cache lasts 0 to " + MAX.toMinutes() + " minutes");
        }
        return duration;
    }

    /** The deadline (a {@link System#nanoTime()} value) for a PIN entered now, or 0 when caching is off. */
    public static long deadline(Duration duration) {
        if (duration.isZero()) {
            return 0;
        }
        long d = System.nanoTime() + duration.toNanos();
        return d == 0 ? 1 : d;
    }

    /** Whether a deadline from {@link #deadline} is absent or past. */
    public static boolean expired(long deadline) {
        return deadline == 0 || System.nanoTime() - deadline >= 0;
    }

    /** Runs {@code task} once the deadline has passed (on a daemon thread; best effort at exit). */
    public static void atDeadline(long deadline, Runnable task) {
        long delay = Math.max(0, deadline - System.nanoTime());
        EXPIRY.schedule(task, delay + TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.NANOSECONDS);
    }
}
