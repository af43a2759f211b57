package org.pechatka.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * The templates in packaging/policies: well-formed, Pechatka's own example a valid policy, and every
 * browser template naming exactly the example portals of that policy, so an administrator who
 * replaces them finds them all.
 */
class PolicyTemplatesTest {

    private static final Path DIR = Path.of("packaging/policies");
    private static final List<String> PORTALS = List.of("https://portal.gov.by", "https://e-pasluga.by");

    private static List<Path> files(String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(DIR)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void whenPechatkasExampleIsRead_thenEveryMemberIsValidAndItTrustsTheExamplePortals() {
        AdminPolicy p = AdminPolicy.load(DIR.resolve("pechatka/policy.json"));
        assertThat(p.error()).isNull();
        assertThat(p.trustedOrigins()).isEqualTo(PORTALS);
        assertThat(p.allowedKeyAlgorithms()).isNotEmpty();
        assertThat(p.trustedCertificates()).isNotEmpty();
        assertThat(p.pkcs11Modules()).isNotEmpty();
    }

    @Test
    void whenTheChromiumFamilyTemplatesAreRead_thenBothLoopbackPoliciesListTheExamplePortals() throws Exception {
        List<Path> json = files("pechatka.json");
        assertThat(json).extracting(p -> p.getParent().getFileName().toString())
                .containsExactly("chrome", "chromium", "edge");
        for (Path f : json) {
            JsonNode n = new ObjectMapper().readTree(f.toFile());
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            assertThat(names).as(f.toString())
                    .containsExactlyInAnyOrder("LoopbackNetworkAllowedForUrls", "LocalNetworkAccessAllowedForUrls");
            for (JsonNode list : n) {
                List<String> urls = new ArrayList<>();
                list.forEach(u -> urls.add(u.asText()));
                assertThat(urls).as(f.toString()).isEqualTo(PORTALS);
            }
        }
    }

    @Test
    void whenFirefoxsTemplateIsRead_thenItInstallsTheLocalCaFileByName() throws Exception {
        JsonNode n = new ObjectMapper().readTree(DIR.resolve("linux/firefox/policies.json").toFile());
        assertThat(n.path("policies").path("Certificates").path("Install").get(0).asText())
                .isEqualTo("pechatka-local-ca.pem");
    }

    @Test
    void whenThePlistsAreParsed_thenTheyAreWellFormedAndNameTheExamplePortals() throws Exception {
        List<Path> plists = new ArrayList<>(files(".plist"));
        plists.addAll(files(".mobileconfig"));
        assertThat(plists).hasSize(2);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        for (Path p : plists) {
            var doc = f.newDocumentBuilder().parse(p.toFile());
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("plist");
            String text = Files.readString(p, StandardCharsets.UTF_8);
            PORTALS.forEach(o -> assertThat(text).as(p.toString()).contains("<string>" + o + "</string>"));
            assertThat(text).contains("LoopbackNetworkAllowedForUrls").contains("LocalNetworkAccessAllowedForUrls");
        }
    }

    @Test
    void whenTheRegFilesAreRead_thenTheBrowsersGetThePortalsAndPechatkaGetsTheSameOrigins() throws Exception {
        for (Path p : files(".reg")) {
            assertThat(Files.readString(p, StandardCharsets.UTF_8)).as(p.toString())
                    .startsWith("Windows Registry Editor Version 5.00");
        }
        String browsers = Files.readString(DIR.resolve("windows/chrome-edge.reg"), StandardCharsets.UTF_8);
        for (String key : List.of("Google\\Chrome\\LoopbackNetworkAllowedForUrls",
                "Google\\Chrome\\LocalNetworkAccessAllowedForUrls", "Microsoft\\Edge\\LoopbackNetworkAllowedForUrls",
                "Microsoft\\Edge\\LocalNetworkAccessAllowedForUrls")) {
            assertThat(browsers).contains("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\" + key + "]\n\"1\"=\""
                    + PORTALS.get(0) + "\"\n\"2\"=\"" + PORTALS.get(1) + "\"");
        }
        String pechatka = Files.readString(DIR.resolve("windows/pechatka.reg"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"TrustedOrigins\"=hex\\(7\\):([^\"]*?)\\n\"", Pattern.DOTALL).matcher(pechatka);
        assertThat(m.find()).isTrue();
        byte[] multi = HexFormat.of().parseHex(m.group(1).replaceAll("[\\\\\\s,]", ""));
        List<String> origins = Stream.of(new String(multi, StandardCharsets.UTF_16LE).split("\0"))
                .filter(s -> !s.isEmpty()).toList();
        assertThat(origins).isEqualTo(PORTALS);
        assertThat(pechatka).contains("\"Port\"=dword:" + String.format("%08x", AdminPolicy.DEFAULT_PORT));
    }
}
