package org.pechatka.ui.common;

import java.util.Locale;
import java.util.Optional;

/** The languages of Pechatka's windows: Belarusian, Russian and English. */
public enum Language {
    BE("be"),
    RU("ru"),
    EN("en");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag stored in the settings ({@code be}, {@code ru}, {@code en}). */
    public String tag() {
        return tag;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    /** The language for a system locale: Belarusian and Russian as themselves, any other English. */
    public static Language fromOs(Locale os) {
        return switch (os.getLanguage()) {
            case "be" -> BE;
            case "ru" -> RU;
            default -> EN;
        };
    }

    /** The language of a stored tag, if it is one of ours. */
    public static Optional<Language> ofTag(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        for (Language l : values()) {
            if (l.tag.equalsIgnoreCase(tag.trim())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
