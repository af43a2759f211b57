package org.pechatka.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pechatka.desktop.Notice;

/** Refused sites become notifications that open Trusted sites, and a hostile page cannot flood the desktop. */
class BlockedOriginNoticesTest {

    private final List<Notice> shown = new ArrayList<>();
    private final List<String> opened = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");

    private BlockedOriginNotices notices() {
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new BlockedOriginNotices(shown::add, () -> opened.add("trusted sites"), clock);
    }

    @Test
    void whenASiteIsRefused_thenANotificationOpensTrustedSites() {
        BlockedOriginNotices n = notices();
        n.originBlocked("https://evil.example");
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).kind()).isEqualTo(Notice.Kind.ORIGIN_BLOCKED);
        assertThat(shown.get(0).origin()).isEqualTo("https://evil.example");
        shown.get(0).action().run();
        assertThat(opened).containsExactly("trusted sites");
    }

    @Test
    void whenTheSameSiteKnocksAgain_thenOneNotificationPerFewMinutes() {
        BlockedOriginNotices n = notices();
        for (int i = 0; i < 50; i++) {
            n.originBlocked("https://evil.example");
        }
        assertThat(shown).hasSize(1);
        now = now.plus(BlockedOriginNotices.PER_ORIGIN).minusSeconds(1);
        n.originBlocked("https://evil.example");
        assertThat(shown).hasSize(1);
        now = now.plusSeconds(2);
        n.originBlocked("https://evil.example");
        assertThat(shown).hasSize(2);
    }

    @Test
    void whenManySitesKnock_thenOnlyAFewNotificationsOverall() {
        BlockedOriginNotices n = notices();
        for (int i = 0; i < 1000; i++) {
            n.originBlocked("https://a" + i + ".evil.example");
        }
        assertThat(shown).hasSize(BlockedOriginNotices.OVERALL_MAX);
        now = now.plus(BlockedOriginNotices.OVERALL_WINDOW).plusSeconds(1);
        n.originBlocked("https://late.example");
        assertThat(shown).hasSize(BlockedOriginNotices.OVERALL_MAX + 1);
    }

    @Test
    void whenAProgramWithoutAPageIsRefused_thenNoNotification() {
        notices().originBlocked("(none)");
        assertThat(shown).isEmpty();
    }
}
