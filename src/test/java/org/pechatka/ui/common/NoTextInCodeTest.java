package org.pechatka.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * No text a person reads is written in the UI's code: Java in {@code org.pechatka.ui} holds no
 * Cyrillic string and no English phrase outside exception and log messages, and FXML gives every
 * text as a {@code %key} of the screen's bundle.
 */
class NoTextInCodeTest {

    private static final Path UI_JAVA = Path.of("src/main/java/org/pechatka/ui");
    private static final Path UI_RES = Path.of("src/main/resources/org/pechatka/ui");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PHRASE = Pattern.compile("[A-Za-z]{2,}[,.:;!?]? +[A-Za-z]{2,}");
    private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");
    /** Text in these lines is for logs and developers, not for the person. */
    private static final Pattern DEVELOPER_LINE = Pattern.compile(
            "Exception\\(|LOG\\.|\\.log\\(|Objects\\.requireNonNull|throw new|^\\s*(//|\\*|/\\*)");

    @Test
    void uiCodeHoldsNoTextForPeople() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(UI_JAVA)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                boolean textBlock = false;
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.contains("\"\"\"")) {
                        textBlock = !textBlock; // CSS and similar; checked by eye
                        continue;
                    }
                    if (textBlock || DEVELOPER_LINE.matcher(line).find()) {
                        continue;
                    }
                    Matcher m = LITERAL.matcher(line);
                    while (m.find()) {
                        String s = m.group(1);
                        if (CYRILLIC.matcher(s).find() || PHRASE.matcher(s).find()) {
                            found.add(f + ":" + (i + 1) + ": \"" + s + "\"");
                        }
                    }
                }
            }
        }
        assertThat(found).as("texts belong in the screen's .properties files").isEmpty();
    }

    @Test
    void fxmlNamesEveryTextByKey() throws Exception {
        List<String> found = new ArrayList<>();
        List<Path> fxmls;
        try (Stream<Path> files = Files.walk(UI_RES)) {
            fxmls = files.filter(p -> p.toString().endsWith(".fxml")).toList();
        }
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        for (Path f : fxmls) {
            NodeList all = dbf.newDocumentBuilder().parse(f.toFile()).getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                for (String attr : List.of("text", "promptText", "title", "accessibleText", "accessibleHelp")) {
                    String v = e.getAttribute(attr);
                    if (!v.isEmpty() && !v.startsWith("%") && !v.startsWith("$")) {
                        found.add(f + ": <" + e.getTagName() + " " + attr + "=\"" + v + "\">");
                    }
                }
                if (e.getTagName().equals("String") || e.getTagName().equals("Text")) {
                    String v = e.getAttribute("fx:value");
                    if (CYRILLIC.matcher(v).find() || PHRASE.matcher(v).find()) {
                        found.add(f + ": <" + e.getTagName() + " fx:value=\"" + v + "\">");
                    }
                }
            }
        }
        assertThat(found).as("FXML texts are %keys").isEmpty();
    }
}
