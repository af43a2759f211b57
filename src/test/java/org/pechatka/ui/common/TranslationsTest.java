package org.pechatka.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every screen speaks Belarusian, Russian and English completely: the same keys in the three files
 * of each screen, no empty text, the same {@code {n}} arguments, and each loads without falling back
 * to another language.
 */
class TranslationsTest {

    private static final Path UI = Path.of("src/main/resources/org/pechatka/ui");
    private static final Pattern ARG = Pattern.compile("\\{(\\d+)[^}]*}");

    /** base path (without language suffix) → language ("" = English) → texts */
    private static Map<String, Map<String, Properties>> bundles() throws IOException {
        Map<String, Map<String, Properties>> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(UI)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".properties")).toList()) {
                String name = f.getFileName().toString().replace(".properties", "");
                String lang = "";
                Matcher m = Pattern.compile("^(.*)_(be|ru)$").matcher(name);
                if (m.matches()) {
                    name = m.group(1);
                    lang = m.group(2);
                }
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                all.computeIfAbsent(f.getParent().resolve(name).toString(), k -> new TreeMap<>()).put(lang, p);
            }
        }
        return all;
    }

    @Test
    void everyScreenHasItsTextsInAllThreeLanguages() throws IOException {
        Map<String, Map<String, Properties>> all = bundles();
        assertThat(all).as("the shared texts at least").containsKey(UI.resolve("common/common").toString());
        List<String> problems = new ArrayList<>();
        for (var e : all.entrySet()) {
            Map<String, Properties> langs = e.getValue();
            if (!langs.keySet().equals(Set.of("", "be", "ru"))) {
                problems.add(e.getKey() + ": has " + langs.keySet() + ", needs English, be and ru");
                continue;
            }
            Set<String> en = new TreeSet<>(langs.get("").stringPropertyNames());
            for (String lang : List.of("be", "ru")) {
                Set<String> other = new TreeSet<>(langs.get(lang).stringPropertyNames());
                Set<String> missing = new TreeSet<>(en);
                missing.removeAll(other);
                Set<String> extra = new TreeSet<>(other);
                extra.removeAll(en);
                if (!missing.isEmpty()) {
                    problems.add(e.getKey() + "_" + lang + " lacks " + missing);
                }
                if (!extra.isEmpty()) {
                    problems.add(e.getKey() + "_" + lang + " has keys English lacks " + extra);
                }
            }
            for (var lang : langs.entrySet()) {
                for (String key : lang.getValue().stringPropertyNames()) {
                    String text = lang.getValue().getProperty(key);
                    if (text.isBlank()) {
                        problems.add(e.getKey() + "[" + lang.getKey() + "] " + key + " is empty");
                    }
                    String english = langs.get("").getProperty(key);
                    if (english != null && !args(english).equals(args(text))) {
                        problems.add(e.getKey() + "[" + lang.getKey() + "] " + key + " has arguments " + args(text)
                                + ", English has " + args(english));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void belarusianAndRussianTextsAreNotLeftInEnglish() throws IOException {
        List<String> problems = new ArrayList<>();
        for (var e : bundles().entrySet()) {
            Properties en = e.getValue().get("");
            for (String lang : List.of("be", "ru")) {
                Properties p = e.getValue().get(lang);
                if (en == null || p == null) {
                    continue;
                }
                for (String key : en.stringPropertyNames()) {
                    String english = en.getProperty(key);
                    String text = p.getProperty(key);
                    // a sentence of two or more English words copied over unchanged is untranslated
                    if (text != null && text.equals(english) && english.matches("(?s).*[A-Za-z]{2,} [a-z]{2,}.*")) {
                        problems.add(e.getKey() + "_" + lang + " " + key + " is still English: " + text);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aScreenLoadsInEachLanguageWithoutFallingBack() {
        for (Language l : Language.values()) {
            Messages m = Messages.common(l);
            assertThat(m.get("window.title", "x")).startsWith("Pechatka");
            assertThat(m.bundle().getKeys().hasMoreElements()).isTrue();
        }
        assertThat(Messages.common(Language.BE).get("button.cancel")).isEqualTo("Адмена");
        assertThat(Messages.common(Language.RU).get("button.cancel")).isEqualTo("Отмена");
        assertThat(Messages.common(Language.EN).get("button.cancel")).isEqualTo("Cancel");
    }

    @Test
    void theLanguageFollowsTheSystemUnlessChosen() {
        assertThat(Language.fromOs(Locale.forLanguageTag("be-BY"))).isEqualTo(Language.BE);
        assertThat(Language.fromOs(Locale.forLanguageTag("ru-BY"))).isEqualTo(Language.RU);
        assertThat(Language.fromOs(Locale.forLanguageTag("ru-RU"))).isEqualTo(Language.RU);
        assertThat(Language.fromOs(Locale.forLanguageTag("de-DE"))).isEqualTo(Language.EN);
        assertThat(Language.ofTag("BE")).contains(Language.BE);
        assertThat(Language.ofTag("uk")).isEmpty();
    }

    private static Set<String> args(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = ARG.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
