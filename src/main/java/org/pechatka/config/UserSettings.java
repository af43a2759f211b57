package org.pechatka.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pechatka.platform.AtomicFiles;

/**
 * The user's own settings ({@code settings.json} in the config directory): trusted sites, language,
 * autostart, PKCS#11 modules added by hand, and whether the first-start window was shown.
 *
 * <p>The file belongs to the user, so it is handled with care: written atomically; members this
 * version does not know (written by a newer Pechatka) are kept as they are on every save; a member
 * of the wrong type is ignored and reported, not fatal; a file that is not a JSON object at all is
 * never overwritten: the next save first moves it aside as {@code settings.json.damaged-<time>}.
 *
 * <p>Instances are immutable; the {@code with…} methods return changed copies for {@link #save}.
 * The admin policy wins over everything here ({@link AdminPolicy}); callers apply it.
 */
public final class UserSettings {

    /** The file name in the config directory. */
    public static final String FILE = "settings.json";
    /** The languages the windows speak (BCP 47 tags); absent means the system's. */
    public static final Set<String> LANGUAGES = Set.of("be", "ru", "en");

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String TRUSTED_ORIGINS = "trustedOrigins";
    private static final String LANGUAGE = "language";
    private static final String AUTOSTART = "autostart";
    private static final String MODULES = "pkcs11Modules";
    private static final String FIRST_START_DONE = "firstStartDone";

    private final List<String> trustedOrigins;
    private final String language;
    private final Boolean autostart;
    private final List<String> pkcs11Modules;
    private final boolean firstStartDone;
    private final ObjectNode file;
    private final boolean damaged;
    private final String problem;

    private UserSettings(List<String> trustedOrigins, String language, Boolean autostart, List<String> pkcs11Modules,
            boolean firstStartDone, ObjectNode file, boolean damaged, String problem) {
        this.trustedOrigins = List.copyOf(trustedOrigins);
        this.language = language;
        this.autostart = autostart;
        this.pkcs11Modules = List.copyOf(pkcs11Modules);
        this.firstStartDone = firstStartDone;
        this.file = file.deepCopy();
        this.damaged = damaged;
        this.problem = problem;
    }

    /** No file yet: no sites, the system language, autostart not decided, first start not done. */
    public static UserSettings defaults() {
        return new UserSettings(List.of(), null, null, List.of(), false, MAPPER.createObjectNode(), false, null);
    }

    /** Reads {@code settings.json} from {@code configDir}; never throws (see {@link #problem()}). */
    public static UserSettings load(Path configDir) {
        Path path = configDir.resolve(FILE);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return defaults();
        } catch (JacksonException e) {
            return damaged(path + " is damaged and was not used: " + e.getOriginalMessage());
        } catch (IOException e) {
            return damaged(path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (tree == null || !tree.isObject()) {
            return damaged(path + " is damaged and was not used: not a JSON object");
        }
        ObjectNode object = (ObjectNode) tree;
        List<String> problems = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String o : strings(object, TRUSTED_ORIGINS, problems)) {
            String n = Origins.normalizeTrustable(o);
            if (n == null) {
                bad.add(o);
            } else if (!origins.contains(n)) {
                origins.add(n);
            }
        }
        if (!bad.isEmpty()) {
            problems.add("ignored sites that cannot be trusted: " + bad);
        }
        String language = null;
        JsonNode lang = object.get(LANGUAGE);
        if (lang != null && !lang.isNull()) {
            String tag = lang.isTextual() ? lang.asText().trim().toLowerCase(Locale.ROOT) : "";
            if (LANGUAGES.contains(tag)) {
                language = tag;
            } else {
                problems.add("ignored language " + lang + " (be, ru or en)");
            }
        }
        Boolean autostart = bool(object, AUTOSTART, problems);
        List<String> modules = new ArrayList<>();
        for (String m : strings(object, MODULES, problems)) {
            if (!m.isBlank() && !modules.contains(m)) {
                modules.add(m);
            }
        }
        boolean firstStartDone = Boolean.TRUE.equals(bool(object, FIRST_START_DONE, problems));
        return new UserSettings(origins, language, autostart, modules, firstStartDone, object, false,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static UserSettings damaged(String why) {
        return new UserSettings(List.of(), null, null, List.of(), false, MAPPER.createObjectNode(), true, why);
    }

    private static List<String> strings(ObjectNode object, String name, List<String> problems) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("ignored " + name + ": not a list");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (item.isTextual()) {
                out.add(item.asText());
            } else {
                problems.add("ignored an entry of " + name + " that is not text");
            }
        }
        return out;
    }

    private static Boolean bool(ObjectNode object, String name, List<String> problems) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.getNodeType() != JsonNodeType.BOOLEAN) {
            problems.add("ignored " + name + ": not true or false");
            return null;
        }
        return node.booleanValue();
    }

    /**
     * Writes these settings to {@code configDir} atomically, owner-only. A damaged file found there
     * is first moved aside (never overwritten); members unknown to this version are written back.
     *
     * @return the settings as saved (no problem, not damaged)
     */
    public UserSettings save(Path configDir) throws IOException {
        AtomicFiles.ownerOnlyDirectory(configDir);
        Path path = configDir.resolve(FILE);
        if (Files.exists(path) && load(configDir).damaged) {
            Path aside = path.resolveSibling(FILE + ".damaged-" + Instant.now().toEpochMilli());
            Files.move(path, aside);
        }
        ObjectNode out = file.deepCopy();
        ArrayNode origins = out.putArray(TRUSTED_ORIGINS);
        trustedOrigins.forEach(origins::add);
        if (language == null) {
            out.remove(LANGUAGE);
        } else {
            out.put(LANGUAGE, language);
        }
        if (autostart == null) {
            out.remove(AUTOSTART);
        } else {
            out.put(AUTOSTART, autostart);
        }
        if (pkcs11Modules.isEmpty()) {
            out.remove(MODULES);
        } else {
            ArrayNode modules = out.putArray(MODULES);
            pkcs11Modules.forEach(modules::add);
        }
        out.put(FIRST_START_DONE, firstStartDone);
        AtomicFiles.replace(path, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(out), true);
        return new UserSettings(trustedOrigins, language, autostart, pkcs11Modules, firstStartDone, out, false, null);
    }

    /** The user's trusted sites, normalised, in the order added. */
    public List<String> trustedOrigins() {
        return trustedOrigins;
    }

    /** The chosen language tag ({@code be}, {@code ru}, {@code en}); empty: the system's. */
    public Optional<String> language() {
        return Optional.ofNullable(language);
    }

    /** Whether Pechatka starts at login; empty: the user has not decided yet. */
    public Optional<Boolean> autostart() {
        return Optional.ofNullable(autostart);
    }

    /** PKCS#11 module paths the user added by hand. */
    public List<String> pkcs11Modules() {
        return pkcs11Modules;
    }

    /** Whether the first-start window has been shown and answered. */
    public boolean firstStartDone() {
        return firstStartDone;
    }

    /** Whether the file on disk is unreadable (it will be moved aside by the next save). */
    public boolean damaged() {
        return damaged;
    }

    /** What was wrong with the file (damaged, or parts ignored), or null. */
    public String problem() {
        return problem;
    }

    /** With a site added (normalised; no change when it is there already). */
    public UserSettings withOrigin(String origin) {
        String n = Origins.normalizeTrustable(origin);
        if (n == null) {
            throw new IllegalArgumentException("not a site that can be trusted: " + origin);
        }
        if (trustedOrigins.contains(n)) {
            return this;
        }
        List<String> origins = new ArrayList<>(trustedOrigins);
        origins.add(n);
        return copy(origins, language, autostart, pkcs11Modules, firstStartDone);
    }

    /** With a site removed (compared after normalisation). */
    public UserSettings withoutOrigin(String origin) {
        String n = Origins.normalize(origin);
        List<String> origins = new ArrayList<>(trustedOrigins);
        origins.remove(n);
        return copy(origins, language, autostart, pkcs11Modules, firstStartDone);
    }

    /** With a language tag ({@code be}, {@code ru}, {@code en}), or null for the system's. */
    public UserSettings withLanguage(String tag) {
        String t = tag == null ? null : tag.toLowerCase(Locale.ROOT);
        if (t != null && !LANGUAGES.contains(t)) {
            throw new IllegalArgumentException("unknown language " + tag);
        }
        return copy(trustedOrigins, t, autostart, pkcs11Modules, firstStartDone);
    }

    /** With the autostart choice (null: undecided). */
    public UserSettings withAutostart(Boolean value) {
        return copy(trustedOrigins, language, value, pkcs11Modules, firstStartDone);
    }

    /** With a module path added (no change when it is there already). */
    public UserSettings withModule(String path) {
        Objects.requireNonNull(path, "path");
        if (pkcs11Modules.contains(path)) {
            return this;
        }
        List<String> modules = new ArrayList<>(pkcs11Modules);
        modules.add(path);
        return copy(trustedOrigins, language, autostart, modules, firstStartDone);
    }

    /** With a module path removed. */
    public UserSettings withoutModule(String path) {
        List<String> modules = new ArrayList<>(pkcs11Modules);
        modules.remove(path);
        return copy(trustedOrigins, language, autostart, modules, firstStartDone);
    }

    /** With the first-start flag. */
    public UserSettings withFirstStartDone(boolean value) {
        return copy(trustedOrigins, language, autostart, pkcs11Modules, value);
    }

    private UserSettings copy(List<String> origins, String lang, Boolean auto, List<String> modules, boolean first) {
        return new UserSettings(origins, lang, auto, modules, first, file, damaged, problem);
    }

    @Override
    public String toString() {
        return "UserSettings[trustedOrigins=" + trustedOrigins + ", language=" + language + ", autostart=" + autostart
                + ", pkcs11Modules=" + pkcs11Modules + ", firstStartDone=" + firstStartDone + ", problem=" + problem
                + "]";
    }
}
