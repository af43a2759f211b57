package org.pechatka.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.pechatka.platform.AtomicFiles;

/**
 * Which certificates the person has given to which site: a certificate selected through
 * {@code certificates.select} or {@code auth.authenticate} (or, later, approved for import) may then
 * be used by that site, now or in a later run. Kept in {@code dataDir/grants.json}, written
 * atomically.
 */
public final class Grants {

    private static final System.Logger LOG = System.getLogger(Grants.class.getName());

    private final Path file;
    private final Map<String, Set<String>> byOrigin = new TreeMap<>();

    private Grants(Path file) {
        this.file = file;
    }

    public static Grants load(Path dataDir) throws IOException {
        Grants g = new Grants(dataDir.resolve("grants.json"));
        if (Files.exists(g.file)) {
            try {
                LinkedHashMap<String, LinkedHashSet<String>> read = Json.mapper().readValue(g.file.toFile(),
                        new TypeReference<LinkedHashMap<String, LinkedHashSet<String>>>() {});
                g.byOrigin.putAll(read);
            } catch (JacksonException e) {
                // never lose it silently, never overwrite it: keep it aside and start empty
                Path aside = g.file.resolveSibling("grants.json.damaged-" + System.currentTimeMillis());
                Files.move(g.file, aside);
                LOG.log(System.Logger.Level.WARNING, "grants.json was damaged; kept as {0}; sites must ask again",
                        aside.getFileName());
            }
        }
        return g;
    }

    public synchronized boolean allowed(String origin, String certId) {
        Set<String> ids = byOrigin.get(origin);
        return ids != null && ids.contains(certId);
    }

    /**
     * Forgets every certificate given to {@code origin} (the person stopped trusting the site): if
     * it is trusted again later, it must ask for a certificate again.
     *
     * @return whether the site had any
     */
    public synchronized boolean revoke(String origin) throws IOException {
        if (byOrigin.remove(origin) == null) {
            return false;
        }
        AtomicFiles.replace(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(byOrigin), true);
        return true;
    }

    public synchronized void grant(String origin, String certId) throws IOException {
        if (byOrigin.computeIfAbsent(origin, o -> new LinkedHashSet<>()).add(certId)) {
            AtomicFiles.replace(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(byOrigin), true);
        }
    }
}
