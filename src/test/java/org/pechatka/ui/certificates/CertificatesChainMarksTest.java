package org.pechatka.ui.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.cert.ChainValidation;
import org.pechatka.cert.TrustAnchors;
import org.pechatka.desktop.CertificateTools;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestCa;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.certificates.CertificatesViewModel.CertificateEntry;
import org.pechatka.ui.certificates.CertificatesViewModel.Entry;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;

/**
 * The Certificates window's trust marks over a real SoftHSM2 token whose certificates come from a
 * test CA: trusted when the CA is in the trust store (details show the chain's names), an unknown
 * root when it is not, expired when checked after the certificates' end; "not checked" without a
 * trust store. The checks run off the JavaFX thread and arrive after the list.
 */
class CertificatesChainMarksTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static TokenRegistry registry;
    private CertificatesView view;

    @BeforeAll
    static void start() throws Exception {
        FxPlatform.start();
        registry = new TokenRegistry(List.of(HSM.provider()));
    }

    @AfterEach
    void close() throws Exception {
        if (view != null) {
            Fx.run(() -> view.stage().close());
        }
        Messages.use(Language.EN);
    }

    private Stage open(CertificatesViewModel.ChainValidator chains) throws Exception {
        view = Fx.on(() -> new CertificatesView(new CertificatesViewModel(registry, Clock.systemDefaultZone(), chains),
                CertificateTools.NONE, (owner, name) -> Optional.empty()).show());
        Stage stage = view.stage();
        ListView<Entry> entries = Fx.lookup(stage, "#entries");
        Fx.await("the entries", () -> entries.getItems().size() >= 7);
        return stage;
    }

    private static CertificatesViewModel.ChainValidator at(Instant when, X509Root root) {
        TrustAnchors anchors = new TrustAnchors(List.of(root.certificate()));
        return (c, pool) -> anchors.validate(c, pool, when, ChainValidation.Use.ANY);
    }

    /** The root the trust store holds. */
    private record X509Root(java.security.cert.X509Certificate certificate) {}

    private static String text(String key) {
        return Messages.forScreen(CertificatesView.class, Language.EN).get(key);
    }

    /** Selects the "rsa" certificate and returns the details' text. */
    private static String details(Stage stage, String awaitText) throws Exception {
        ListView<Entry> entries = Fx.lookup(stage, "#entries");
        Fx.run(() -> entries.getSelectionModel().select(entries.getItems().stream()
                .filter(e -> e instanceof CertificateEntry c && c.certificate().certificate()
                        .equals(HSM.key("rsa").certificate())).findFirst().orElseThrow()));
        GridPane fields = Fx.lookup(stage, "#fields");
        Fx.await("details with " + awaitText, () -> labels(fields).contains(awaitText));
        return Fx.on(() -> labels(fields));
    }

    private static String labels(javafx.scene.Parent p) {
        StringBuilder b = new StringBuilder();
        for (javafx.scene.Node n : p.getChildrenUnmodifiable()) {
            if (n instanceof Label l) {
                b.append(l.getText()).append('\n');
            }
        }
        return b.toString();
    }

    /** The list's texts, once the marks arrived. */
    private static String listText(Stage stage, String awaitText) throws Exception {
        ListView<?> entries = Fx.lookup(stage, "#entries");
        Fx.await("the list with " + awaitText, () -> allLabels(entries).contains(awaitText));
        return Fx.on(() -> allLabels(entries));
    }

    private static String allLabels(javafx.scene.Node node) {
        StringBuilder b = new StringBuilder();
        if (node instanceof Label l) {
            b.append(l.getText()).append('\n');
        }
        if (node instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(n -> b.append(allLabels(n)));
        }
        return b.toString();
    }

    @Test
    void whenTheCaIsTrusted_thenTheDetailsSayTrustedWithTheChainAndTheListHasNoMark() throws Exception {
        Stage stage = open(at(Instant.now(), new X509Root(HSM.ca().caCertificate())));
        String shown = details(stage, text("chain.VALID"));
        assertThat(shown).contains(text("field.chainPath")).contains("Pechatka Test CA").contains("\u2192");
        ListView<?> entries = Fx.lookup(stage, "#entries");
        assertThat(Fx.on(() -> allLabels(entries))).doesNotContain(text("mark.UNTRUSTED_ROOT"));
    }

    @Test
    void whenTheCaIsNotInTheTrustStore_thenTheCertificatesAreMarkedUnknownRoot() throws Exception {
        Stage stage = open(at(Instant.now(), new X509Root(TestCa.create("Another CA").caCertificate())));
        assertThat(details(stage, text("chain.UNTRUSTED_ROOT"))).contains("Pechatka Test CA");
        assertThat(listText(stage, text("mark.UNTRUSTED_ROOT"))).contains(text("mark.UNTRUSTED_ROOT"));
    }

    @Test
    void whenCheckedAfterTheCertificatesEnd_thenTheyAreMarkedExpired() throws Exception {
        Stage stage = open(at(Instant.now().plus(Duration.ofDays(800)), new X509Root(HSM.ca().caCertificate())));
        assertThat(details(stage, text("chain.EXPIRED"))).contains(text("chain.EXPIRED"));
        // a certificate that has expired already shows "expired" in the list; here the chain check
        // (at a later time) is the only one that says so
        assertThat(listText(stage, text("mark.EXPIRED"))).contains(text("mark.EXPIRED"));
    }

    @Test
    void whenThereIsNoTrustStore_thenTheDetailsSayNotChecked() throws Exception {
        Stage stage = open(null);
        assertThat(details(stage, text("chain.notChecked"))).doesNotContain(text("field.chainPath"));
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theMarksInEachLanguage(Language language) throws Exception {
        Messages.use(language);
        Messages texts = Messages.forScreen(CertificatesView.class, language);
        Stage stage = open(at(Instant.now(), new X509Root(TestCa.create("Another CA").caCertificate())));
        Fx.run(() -> stage.setWidth(1180));
        Fx.run(() -> stage.setHeight(720));
        details(stage, texts.get("chain.UNTRUSTED_ROOT"));
        listText(stage, texts.get("mark.UNTRUSTED_ROOT"));
        Path shot = Fx.screenshot(stage.getScene(), "certificates-untrusted-" + language.tag());
        assertThat(Files.size(shot)).isPositive();
    }
}
