package org.pechatka.ui.common;

import java.text.MessageFormat;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The texts of Pechatka's windows. Each screen keeps its texts in its own folder
 * ({@code org/pechatka/ui/<screen>/<screen>.properties} in English, {@code _be} and {@code _ru}
 * beside it, UTF-8); the shared ones are in {@code org/pechatka/ui/common/common*.properties}. A
 * screen's {@code Messages} looks in its own bundle first, then in the shared one. Java code and
 * FXML name keys only: no text of a window is written in code.
 *
 * <p>The language is the person's choice from Settings, else the system's ({@link Language#fromOs});
 * windows opened after a change use the new language.
 */
public final class Messages {

    private static final String COMMON = "org.pechatka.ui.common.common";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final AtomicReference<Language> CURRENT =
            new AtomicReference<>(Language.fromOs(java.util.Locale.getDefault()));

    private static final List<java.util.function.Consumer<Language>> LISTENERS =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Language language;
    private final ResourceBundle bundle;

    private Messages(Language language, List<ResourceBundle> chain) {
        this.language = language;
        this.bundle = new Chain(chain);
    }

    /** The language windows are shown in now. */
    public static Language current() {
        return CURRENT.get();
    }

    /**
     * Switches the language of windows opened from now on; long-lived parts (the tray menu) are told
     * through {@link #onLanguageChange}.
     */
    public static void use(Language language) {
        Language before = CURRENT.getAndSet(Objects.requireNonNull(language, "language"));
        if (before != language) {
            for (java.util.function.Consumer<Language> l : LISTENERS) {
                l.accept(language);
            }
        }
    }

    /** Calls {@code listener} (on the thread that changed it) whenever the language changes. */
    public static void onLanguageChange(java.util.function.Consumer<Language> listener) {
        LISTENERS.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The shared texts only, in the current language. */
    public static Messages common() {
        return common(current());
    }

    public static Messages common(Language language) {
        return new Messages(language, List.of(load(COMMON, language)));
    }

    /**
     * The texts of the screen whose classes are in {@code screenClass}'s package
     * ({@code org.pechatka.ui.pin} → {@code org/pechatka/ui/pin/pin.properties}), then the shared ones.
     */
    public static Messages forScreen(Class<?> screenClass) {
        return forScreen(screenClass, current());
    }

    public static Messages forScreen(Class<?> screenClass, Language language) {
        String pkg = screenClass.getPackageName();
        String base = pkg + "." + pkg.substring(pkg.lastIndexOf('.') + 1);
        if (base.equals(COMMON)) {
            return common(language);
        }
        return new Messages(language, List.of(load(base, language), load(COMMON, language)));
    }

    private static ResourceBundle load(String base, Language language) {
        return ResourceBundle.getBundle(base, language.locale(), Messages.class.getClassLoader(), NO_FALLBACK);
    }

    public Language language() {
        return language;
    }

    /** The text for {@code key}, with {@code {0}}-style arguments filled in (MessageFormat, in the language's locale). */
    public String get(String key, Object... args) {
        String pattern = bundle.getString(key);
        if (args.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, language.locale()).format(args);
    }

    /** The bundle for {@code FXMLLoader} ({@code text="%key"}). */
    public ResourceBundle bundle() {
        return bundle;
    }

    /** A screen's bundle, then the shared one. */
    private static final class Chain extends ResourceBundle {
        private final List<ResourceBundle> chain;

        Chain(List<ResourceBundle> chain) {
            this.chain = List.copyOf(chain);
        }

        @Override
        protected Object handleGetObject(String key) {
            for (ResourceBundle b : chain) {
                if (b.containsKey(key)) {
                    return b.getObject(key);
                }
            }
            throw new MissingResourceException("no text for " + key, getClass().getName(), key);
        }

        @Override
        public Enumeration<String> getKeys() {
            Set<String> keys = new LinkedHashSet<>();
            for (ResourceBundle b : chain) {
                keys.addAll(b.keySet());
            }
            return Collections.enumeration(keys);
        }
    }
}
