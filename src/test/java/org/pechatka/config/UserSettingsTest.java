package org.pechatka.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's settings file: every field round trips, newer fields survive, a damaged file is kept aside. */
class UserSettingsTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(UserSettings.FILE);
    }

    @Test
    void whenThereIsNoFile_thenDefaults() {
        UserSettings s = UserSettings.load(dir);
        assertThat(s.problem()).isNull();
        assertThat(s.trustedOrigins()).isEmpty();
        assertThat(s.language()).isEmpty();
        assertThat(s.autostart()).as("undecided").isEmpty();
        assertThat(s.pkcs11Modules()).isEmpty();
        assertThat(s.firstStartDone()).isFalse();
        assertThat(s.damaged()).isFalse();
    }

    @Test
    void whenEveryFieldIsSaved_thenItLoadsBackTheSame() throws Exception {
        UserSettings saved = UserSettings.defaults().withOrigin("https://Portal.Gov.By:443").withOrigin("https://e-pasluga.by")
                .withLanguage("be").withAutostart(false).withModule("/usr/lib/softhsm/libsofthsm2.so")
                .withFirstStartDone(true).save(dir);
        UserSettings back = UserSettings.load(dir);
        assertThat(back.problem()).isNull();
        assertThat(back.trustedOrigins()).containsExactly("https://portal.gov.by", "https://e-pasluga.by");
        assertThat(back.language()).contains("be");
        assertThat(back.autostart()).contains(false);
        assertThat(back.pkcs11Modules()).containsExactly("/usr/lib/softhsm/libsofthsm2.so");
        assertThat(back.firstStartDone()).isTrue();
        assertThat(saved.trustedOrigins()).isEqualTo(back.trustedOrigins());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");

        UserSettings cleared = back.withoutOrigin("https://PORTAL.gov.by").withLanguage(null).withAutostart(null)
                .withoutModule("/usr/lib/softhsm/libsofthsm2.so").save(dir);
        UserSettings again = UserSettings.load(dir);
        assertThat(again.trustedOrigins()).containsExactly("https://e-pasluga.by").isEqualTo(cleared.trustedOrigins());
        assertThat(again.language()).isEmpty();
        assertThat(again.autostart()).isEmpty();
        assertThat(again.pkcs11Modules()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(file().toFile());
        assertThat(json.has("language")).as("absent means the system language").isFalse();
        assertThat(json.has("autostart")).as("absent means undecided").isFalse();
    }

    @Test
    void whenTheFileHasMembersOfANewerVersion_thenTheyAreKeptOnSave() throws Exception {
        Files.writeString(file(), """
                {"trustedOrigins": ["https://portal.gov.by"], "theme": "dark", "future": {"a": [1, 2]}}
                """, StandardCharsets.UTF_8);
        UserSettings s = UserSettings.load(dir);
        assertThat(s.problem()).isNull();
        s.withLanguage("ru").save(dir);
        JsonNode json = new ObjectMapper().readTree(file().toFile());
        assertThat(json.get("theme").asText()).isEqualTo("dark");
        assertThat(json.get("future").get("a").get(1).asInt()).isEqualTo(2);
        assertThat(json.get("language").asText()).isEqualTo("ru");
        assertThat(json.get("trustedOrigins").get(0).asText()).isEqualTo("https://portal.gov.by");
    }

    @Test
    void whenAMemberHasTheWrongType_thenOnlyThatMemberIsIgnoredAndReported() throws Exception {
        Files.writeString(file(), """
                {"trustedOrigins": ["https://portal.gov.by", "http://evil.example", 5], "language": "de",
                 "autostart": "yes", "firstStartDone": true, "pkcs11Modules": "not a list"}
                """, StandardCharsets.UTF_8);
        UserSettings s = UserSettings.load(dir);
        assertThat(s.damaged()).isFalse();
        assertThat(s.trustedOrigins()).containsExactly("https://portal.gov.by");
        assertThat(s.language()).isEmpty();
        assertThat(s.autostart()).isEmpty();
        assertThat(s.pkcs11Modules()).isEmpty();
        assertThat(s.firstStartDone()).isTrue();
        assertThat(s.problem()).contains("http://evil.example").contains("language").contains("autostart")
                .contains("pkcs11Modules");
    }

    @Test
    void whenTheFileIsDamaged_thenItIsNotUsedAndTheNextSaveKeepsItAside() throws Exception {
        String damaged = "{\"trustedOrigins\": [\"https://portal.gov.by\"";
        Files.writeString(file(), damaged, StandardCharsets.UTF_8);
        UserSettings s = UserSettings.load(dir);
        assertThat(s.damaged()).isTrue();
        assertThat(s.problem()).contains("damaged");
        assertThat(s.trustedOrigins()).isEmpty();
        assertThat(Files.readString(file())).as("loading never touches it").isEqualTo(damaged);

        s.withOrigin("https://e-pasluga.by").save(dir);
        List<Path> aside;
        try (Stream<Path> files = Files.list(dir)) {
            aside = files.filter(p -> p.getFileName().toString().startsWith("settings.json.damaged-")).toList();
        }
        assertThat(aside).hasSize(1);
        assertThat(Files.readString(aside.get(0))).isEqualTo(damaged);
        assertThat(UserSettings.load(dir).trustedOrigins()).containsExactly("https://e-pasluga.by");
    }

    @Test
    void whenTheFileIsJsonButNotAnObject_thenItCountsAsDamaged() throws Exception {
        Files.writeString(file(), "[\"https://portal.gov.by\"]", StandardCharsets.UTF_8);
        assertThat(UserSettings.load(dir).damaged()).isTrue();
    }

    @Test
    void whenASiteCannotBeTrustedOrALanguageIsUnknown_thenTheChangeIsRefused() {
        assertThatThrownBy(() -> UserSettings.defaults().withOrigin("http://portal.gov.by"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserSettings.defaults().withLanguage("de")).isInstanceOf(IllegalArgumentException.class);
        assertThat(UserSettings.defaults().withOrigin("http://localhost:8080").trustedOrigins())
                .as("development origins may be trusted").containsExactly("http://localhost:8080");
    }
}
