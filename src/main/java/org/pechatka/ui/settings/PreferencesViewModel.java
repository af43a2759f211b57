package org.pechatka.ui.settings;

import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.pechatka.desktop.Preferences;
import org.pechatka.desktop.SettingsProblem;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;

/**
 * Language, startup and logs. A new language is saved and used by every window opened from then
 * on ({@link Messages#use}); the Settings window itself reopens in it.
 */
final class PreferencesViewModel {

    private final Preferences preferences;
    private final Consumer<Language> languageChanged;
    private final ObjectProperty<Language> chosenLanguage = new SimpleObjectProperty<>();
    private final BooleanProperty autostartOn = new SimpleBooleanProperty();
    private final ObjectProperty<Preferences.AutostartState> autostart = new SimpleObjectProperty<>();
    private final ObjectProperty<SettingsProblem> problem = new SimpleObjectProperty<>();
    private final BooleanProperty copied = new SimpleBooleanProperty();

    /**
     * @param languageChanged told the language now in use after a change
     */
    PreferencesViewModel(Preferences preferences, Consumer<Language> languageChanged) {
        this.preferences = preferences;
        this.languageChanged = languageChanged;
        refresh();
    }

    void refresh() {
        chosenLanguage.set(preferences.language().flatMap(Language::ofTag).orElse(null));
        Preferences.AutostartState a = preferences.autostart();
        autostart.set(a);
        autostartOn.set(a.enabled());
    }

    /** The language windows use when none is chosen. */
    static Language systemLanguage() {
        return Language.fromOs(java.util.Locale.getDefault());
    }

    /** Chooses a language (null: the system's), saves it and switches the windows to it. */
    void chooseLanguage(Language language) {
        if (language == chosenLanguage.get()) {
            return;
        }
        Optional<SettingsProblem> p = preferences.setLanguage(language == null ? null : language.tag());
        problem.set(p.orElse(null));
        if (p.isEmpty()) {
            chosenLanguage.set(language);
            Language now = language == null ? systemLanguage() : language;
            Messages.use(now);
            languageChanged.accept(now);
        }
    }

    void setAutostart(boolean on) {
        Optional<SettingsProblem> p = preferences.setAutostart(on);
        problem.set(p.orElse(null));
        refresh();
    }

    String logFolder() {
        return preferences.logFolder().toString();
    }

    void openLogFolder() {
        copied.set(false);
        problem.set(preferences.openLogFolder().orElse(null));
    }

    void copiedPath() {
        copied.set(true);
    }

    /** The chosen language, or null for the system's. */
    ObjectProperty<Language> chosenLanguage() {
        return chosenLanguage;
    }

    BooleanProperty autostartOn() {
        return autostartOn;
    }

    ObjectProperty<Preferences.AutostartState> autostart() {
        return autostart;
    }

    ObjectProperty<SettingsProblem> problem() {
        return problem;
    }

    BooleanProperty copied() {
        return copied;
    }
}
