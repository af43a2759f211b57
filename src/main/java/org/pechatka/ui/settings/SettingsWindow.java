package org.pechatka.ui.settings;

import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.pechatka.desktop.LocalTrust;
import org.pechatka.desktop.SettingsStore;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/**
 * The Settings window: trusted sites, token modules, language, startup, local certificate, logs.
 * One per application: {@link #show(Section)} brings the open window to the front at that section
 * instead of opening a second one. Escape closes it (or first closes an open warning), Enter works
 * the focused button, Tab reaches every control. After a language change it rebuilds itself in the
 * new language.
 *
 * <p>Wiring: {@code new SettingsWindow(desktopSettings, localTrust, executor)} once; the tray's
 * "Settings…" calls {@code show(Section.TRUSTED_SITES)} or another section.
 */
public final class SettingsWindow {

    private final SettingsStore store;
    private final LocalTrust trust;
    private final Executor background;
    private Stage stage;
    private SettingsView view;

    /**
     * @param background where slow work runs (module checks, certutil); never the JavaFX thread
     */
    public SettingsWindow(SettingsStore store, LocalTrust trust, Executor background) {
        this.store = Objects.requireNonNull(store, "store");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.background = Objects.requireNonNull(background, "background");
    }

    /** Shows the window at {@code section}; from any thread. */
    public void show(Section section) {
        if (Platform.isFxApplicationThread()) {
            showOnFx(section);
        } else {
            Platform.runLater(() -> showOnFx(section));
        }
    }

    private void showOnFx(Section section) {
        if (stage == null) {
            stage = new Stage();
            build(Messages.current());
        }
        view.select(section);
        stage.setIconified(false);
        if (!stage.isShowing()) {
            stage.sizeToScene();
            stage.show();
            // tall enough for the longest section at any font size (em), never beyond the screen
            double em = javafx.scene.text.Font.getDefault().getSize();
            double screen = javafx.stage.Screen.getPrimary().getVisualBounds().getHeight();
            stage.setHeight(Math.max(stage.getHeight(), Math.min(em * 52, screen * 0.9)));
            stage.setMinWidth(Math.min(stage.getWidth(), em * 40));
            stage.setMinHeight(Math.min(stage.getHeight(), em * 24));
        }
        stage.toFront();
        stage.requestFocus();
        view.page(section).focusTarget().requestFocus();
    }

    /** (Re)builds the content in a language, keeping the window. */
    private void build(Language language) {
        Messages messages = Messages.forScreen(SettingsWindow.class, language);
        SettingsView.Models models = new SettingsView.Models(new SitesViewModel(store.sites()),
                new ModulesViewModel(store.modules(), background, Platform::runLater),
                new PreferencesViewModel(store.preferences(), this::languageChanged),
                new TrustViewModel(trust, background, Platform::runLater), store.admin());
        models.trust().load();
        view = new SettingsView(models, messages, () -> stage.hide());
        Scene old = stage.getScene();
        Scene scene = old == null ? new Scene(view.root()) : new Scene(view.root(), old.getWidth(), old.getHeight());
        Views.style(scene, SettingsWindow.class);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        stage.setScene(scene);
        stage.setTitle(messages.get("window.title", messages.get("settings.title")));
    }

    private void key(KeyEvent e) {
        if (e.getCode() == KeyCode.ESCAPE) {
            e.consume();
            if (!view.escape()) {
                stage.hide();
            }
        } else if (e.getCode() == KeyCode.ENTER && stage.getScene().getFocusOwner() instanceof Button b
                && !b.isDisabled()) {
            e.consume(); // Enter works the focused button, as Space does (boxes keep Space)
            b.fire();
        }
    }

    private void languageChanged(Language now) {
        Section at = view.selected();
        Platform.runLater(() -> { // not while the radio button's own event is being handled
            build(now);
            view.select(at == null ? Section.LANGUAGE : at);
        });
    }

    /** The window, once shown (tests). */
    Stage stage() {
        return stage;
    }
}
