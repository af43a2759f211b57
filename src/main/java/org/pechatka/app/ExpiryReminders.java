package org.pechatka.app;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.pechatka.cert.CertificateView;
import org.pechatka.desktop.Notice;
import org.pechatka.desktop.Notifier;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.AtomicFiles;
import org.pechatka.token.Token;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenRegistry;

/**
 * Reminds the person, with a tray notification, that a certificate of theirs on a present token
 * expires in 30 and again in 7 days; the notification's action starts the renewal. Each reminder
 * is given once per certificate and threshold, remembered in {@code dataDir/expiry-reminders.properties}
 * so a restart does not repeat it. A certificate first seen already inside both thresholds gets one
 * reminder (the nearer one). Checked at start, when a token is inserted and twice a day.
 */
final class ExpiryReminders implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ExpiryReminders.class.getName());
    /** Days before expiry at which a reminder is shown, farthest first. */
    static final List<Integer> THRESHOLDS = List.of(30, 7);
    static final String FILE = "expiry-reminders.properties";
    private static final Duration PERIOD = Duration.ofHours(12);

    private final TokenRegistry registry;
    private final Notifier notifier;
    private final Path file;
    private final Clock clock;
    private final Consumer<String> renew;
    private final Consumer<TokenEvent> listener = this::onTokenEvent;
    private ScheduledExecutorService timer;

    /**
     * @param registry the tokens present
     * @param notifier shows the reminders
     * @param dataDir  where the reminders given are remembered
     * @param clock    today
     * @param renew    starts the renewal of the certificate with this certId (runs on the JavaFX thread)
     */
    ExpiryReminders(TokenRegistry registry, Notifier notifier, Path dataDir, Clock clock, Consumer<String> renew) {
        this.registry = registry;
        this.notifier = notifier;
        this.file = dataDir.resolve(FILE);
        this.clock = clock;
        this.renew = renew;
    }

    /** Checks now (in the background), on every token inserted and every 12 hours, until {@link #close}. */
    synchronized void start() {
        registry.addListener(listener);
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("pechatka-expiry")
                .daemon().unstarted(r));
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, PERIOD.toMinutes(), TimeUnit.MINUTES);
    }

    private void onTokenEvent(TokenEvent e) {
        ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
        }
        if (e instanceof TokenEvent.Inserted && t != null) {
            t.execute(this::checkQuietly);
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "expiry reminders: {0}", e.toString());
        }
    }

    /** Looks at the certificates on the tokens present now and shows the reminders due; returns how many. */
    synchronized int check() throws IOException {
        Properties given = load();
        Instant now = clock.instant();
        int shown = 0;
        for (Token t : registry.tokens()) {
            List<TokenCertificate> certificates;
            try {
                certificates = t.certificates(Duration.ofMinutes(1));
            } catch (PechatkaException e) {
                continue;
            }
            for (TokenCertificate tc : certificates) {
                X509Certificate c = tc.certificate();
                if (c.getBasicConstraints() >= 0 || !tc.keyStatus().usable()) {
                    continue; // a CA's or someone else's certificate: not the person's to renew
                }
                Instant notAfter = c.getNotAfter().toInstant();
                if (!notAfter.isAfter(now)) {
                    continue; // expired: the picker and the Certificates window say so
                }
                long daysLeft = Duration.between(now, notAfter).toDays();
                Integer due = due(daysLeft, given.getProperty(tc.certId()));
                if (due == null) {
                    continue;
                }
                given.setProperty(tc.certId(), Integer.toString(due));
                save(given); // remembered before it is shown: a crash never shows it twice
                String certId = tc.certId();
                notifier.show(Notice.expires(new Notice.Expiry(owner(c), notAfter, daysLeft),
                        () -> renew.accept(certId)));
                shown++;
            }
        }
        return shown;
    }

    /** The threshold whose reminder is due at {@code daysLeft}, given the one remembered; null: none. */
    static Integer due(long daysLeft, String remembered) {
        int last = Integer.MAX_VALUE;
        if (remembered != null) {
            try {
                last = Integer.parseInt(remembered.strip());
            } catch (NumberFormatException e) {
                last = Integer.MAX_VALUE;
            }
        }
        Integer due = null;
        for (int threshold : THRESHOLDS) {
            if (daysLeft <= threshold && threshold < last) {
                due = threshold; // the nearest threshold crossed and not yet reminded of
            }
        }
        return due;
    }

    private static String owner(X509Certificate c) {
        try {
            return CertificateView.of(c).displayName();
        } catch (CertificateException e) {
            return c.getSubjectX500Principal().getName();
        }
    }

    private Properties load() throws IOException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            // nothing reminded yet
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} is damaged; starting afresh", file);
        }
        return p;
    }

    private void save(Properties p) throws IOException {
        StringWriter w = new StringWriter();
        p.store(w, "certId=days before expiry of the last reminder shown (Pechatka)");
        Files.createDirectories(file.getParent());
        AtomicFiles.replace(file, w.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public synchronized void close() {
        registry.removeListener(listener);
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
