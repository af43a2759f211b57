package org.pechatka.ui.tray;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.pechatka.desktop.AppStatus;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.notify.DesktopNotifier;

/** The tray's state and words, the icons' marks, and how a site's origin is shown. No display needed. */
class TrayViewModelTest {

    private static final AppStatus LISTENING = new AppStatus(27321, AppStatus.Phase.LISTENING, 1, false);

    @Test
    void whenRequestsWaitOrSomethingIsWrong_thenTheStateSaysSo() {
        Messages en = Messages.forScreen(AwtTray.class, Language.EN);
        assertThat(TrayViewModel.of(en, LISTENING, 0).state()).isEqualTo(TrayState.IDLE);
        assertThat(TrayViewModel.of(en, LISTENING, 2).state()).isEqualTo(TrayState.PENDING);
        AppStatus busy = LISTENING.withPhase(AppStatus.Phase.PORT_BUSY);
        assertThat(TrayViewModel.of(en, busy, 0).state()).isEqualTo(TrayState.PROBLEM);
        assertThat(TrayViewModel.of(en, LISTENING.withPolicyBroken(true), 0).state()).isEqualTo(TrayState.PROBLEM);
        // a waiting person comes first; the problem stays in the words
        TrayViewModel both = TrayViewModel.of(en, busy, 1);
        assertThat(both.state()).isEqualTo(TrayState.PENDING);
        assertThat(both.statusLines()).containsExactly("Requests waiting for you: 1",
                "Port 27321 is busy: portals cannot reach Pechatka", "Tokens connected: 1");
        assertThat(both.tooltip()).isEqualTo("Pechatka — Requests waiting for you: 1 · Port 27321 is busy: portals "
                + "cannot reach Pechatka · Tokens connected: 1");
    }

    @Test
    void whenInBelarusianOrRussian_thenTheStatusIsTranslated() {
        assertThat(TrayViewModel.of(Messages.forScreen(AwtTray.class, Language.BE), LISTENING, 3).statusLines())
                .containsExactly("Запыты чакаюць вашага адказу: 3", "Чакае запытаў на порце 27321",
                        "Падключана токенаў: 1");
        assertThat(TrayViewModel.of(Messages.forScreen(AwtTray.class, Language.RU), LISTENING, 0).statusLines())
                .containsExactly("Ожидает запросов на порту 27321", "Подключено токенов: 1");
    }

    @Test
    void whenDrawn_thenPendingHasAnOrangeDotAndProblemARedOne() {
        for (int size : new int[] {16, 22, 24, 32, 48}) {
            BufferedImage idle = TrayIcons.draw(TrayState.IDLE, size);
            BufferedImage pending = TrayIcons.draw(TrayState.PENDING, size);
            BufferedImage problem = TrayIcons.draw(TrayState.PROBLEM, size);
            assertThat(idle.getWidth()).isEqualTo(size);
            int x = size - size / 4;
            int y = size / 4;
            assertThat(new Color(pending.getRGB(x, y))).isEqualTo(TrayIcons.PENDING_DOT);
            assertThat(new Color(problem.getRGB((int) (size * 0.85), y))).isEqualTo(TrayIcons.PROBLEM_DOT);
            assertThat(new Color(idle.getRGB(x, y))).isNotEqualTo(TrayIcons.PENDING_DOT);
            assertThat(new Color(idle.getRGB(size / 2 - size / 4, size / 2), true).getAlpha()).isEqualTo(255);
            assertThat(new Color(idle.getRGB(0, 0), true).getAlpha()).as("round: transparent corners").isZero();
        }
    }

    @Test
    void whenAnOriginIsShown_thenItIsPlainAndShort() {
        assertThat(DesktopNotifier.displayOrigin("https://portal.gov.by")).isEqualTo("https://portal.gov.by");
        assertThat(DesktopNotifier.displayOrigin("https://a.example\u202e\n\u0000b")).isEqualTo("https://a.example???b");
        String longOrigin = "https://" + "x".repeat(200) + ".example.com";
        String shown = DesktopNotifier.displayOrigin(longOrigin);
        assertThat(shown).hasSize(60).startsWith("https://xxx").endsWith("xx.example.com").contains("…");
        assertThat(DesktopNotifier.displayOrigin("  ")).isEqualTo("?");
    }
}
