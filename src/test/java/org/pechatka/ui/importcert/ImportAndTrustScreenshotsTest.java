package org.pechatka.ui.importcert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.cert.TrustStore;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.truststore.ScriptedFiles;
import org.pechatka.ui.truststore.TestChain;
import org.pechatka.ui.truststore.TrustStoreView;
import org.pechatka.ui.truststore.TrustStoreViewModel;
import org.testfx.api.FxRobot;

/**
 * Pictures of the trust store window and the certificate import in Belarusian, Russian and English
 * (target/screenshots/NAME-LANG.png, collected by bin/screenshots): the store with an
 * administrator's root, the root and intermediate confirmations, the remove confirmation, the
 * import window with a chain, its PIN dialog and its summary; each checked to be in its language
 * by the window title.
 */
class ImportAndTrustScreenshotsTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.empty();

    @TempDir
    static Path tmp;

    private static TokenRegistry registry;
    private static String tokenId;
    private static final Map<Language, SubjectPublicKeyInfo> KEYS = new EnumMap<>(Language.class);
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void token() throws Exception {
        FxPlatform.start();
        int i = 1;
        for (Language l : Language.values()) {
            KEYS.put(l, HSM.hsm().generateKey("EC:prime256v1", "b" + i++, "request " + l.tag(), false));
        }
        registry = new TokenRegistry(List.of(HSM.provider()));
        tokenId = registry.tokens().get(0).id();
    }

    @AfterAll
    static void english() {
        Messages.use(Language.EN);
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theWindowsInEachLanguage(Language language) throws Exception {
        Messages.use(language);
        String lang = language.tag();
        Messages trust = Messages.forScreen(TrustStoreView.class, language);
        Messages imp = Messages.forScreen(ImportCertView.class, language);
        Path dir = Files.createDirectories(tmp.resolve(lang));
        TestChain admin = new TestChain("Корпоративный");
        TestChain ca = new TestChain("Republican");
        Path adminDir = Files.createDirectories(dir.resolve("admin"));
        TestChain.pem(adminDir.resolve("corporate.pem"), admin.root.caCertificate());
        TrustStore store = new TrustStore(dir.resolve("trust"), adminDir);
        store.add(new TestChain("National").root.caCertificate().getEncoded());
        store.add(ca.intermediate.getEncoded());

        // the trust store window
        TestChain offered = new TestChain("Ministry");
        ScriptedFiles files = new ScriptedFiles()
                .open(TestChain.pem(dir.resolve("ministry.pem"), offered.root.caCertificate(), offered.intermediate));
        TrustStoreView view = Fx.on(() -> new TrustStoreView(new TrustStoreViewModel(store), files).show());
        Stage stage = view.stage();
        assertThat(stage.getTitle()).isEqualTo("Pechatka — " + trust.get("truststore.title"));
        Fx.run(() -> stage.setWidth(1100));
        Fx.run(() -> stage.setHeight(640));
        ListView<TrustStore.Entry> roots = Fx.lookup(stage, "#roots");
        Fx.run(() -> roots.getSelectionModel().select(0));
        Fx.screenshot(stage.getScene(), "truststore-" + lang);
        TabPane tabs = Fx.lookup(stage, "#tabs");
        Fx.run(() -> tabs.getSelectionModel().select(1));
        Fx.screenshot(stage.getScene(), "truststore-intermediates-" + lang);
        Fx.run(() -> tabs.getSelectionModel().select(0));

        Button importButton = Fx.lookup(stage, "#importButton");
        Platform.runLater(importButton::fire);
        Stage rootOffer = Fx.awaitFocused(trust.get("offer.title", 1, 2));
        Fx.screenshot(rootOffer.getScene(), "truststore-offer-root-" + lang);
        robot.type(KeyCode.ESCAPE);
        Fx.await("closed", () -> !rootOffer.isShowing());
        Stage intermediateOffer = Fx.awaitFocused(trust.get("offer.title", 2, 2));
        Fx.screenshot(intermediateOffer.getScene(), "truststore-offer-intermediate-" + lang);
        robot.type(KeyCode.ESCAPE);
        Fx.await("closed", () -> !intermediateOffer.isShowing());

        Fx.run(() -> roots.getSelectionModel().select(roots.getItems().stream()
                .filter(e -> e.source() == TrustStore.Source.USER).findFirst().orElseThrow()));
        Button remove = Fx.lookup(stage, "#removeButton");
        Platform.runLater(remove::fire);
        Stage confirm = Fx.awaitFocused(trust.get("remove.title"));
        Fx.screenshot(confirm.getScene(), "truststore-remove-" + lang);
        robot.type(KeyCode.ESCAPE);
        Fx.await("closed", () -> !confirm.isShowing());
        Fx.run(stage::close);

        // the import: a chain with the person's certificate
        Path chainFile = TestChain.p7b(dir.resolve("certificate.p7b"),
                ca.leaf(KEYS.get(language), "Ivanova Anna"), offered.intermediate, offered.root.caCertificate());
        ScriptedFiles importFiles = new ScriptedFiles().open(chainFile);
        ImportCertView imported = Fx.on(() -> new ImportCertView(new ImportCertViewModel(registry, tokenId,
                new TrustStoreViewModel(store)), importFiles, r -> Thread.ofVirtual().start(r)).show());
        Stage window = imported.stage();
        assertThat(window.getTitle()).isEqualTo("Pechatka — " + imp.get("import.title"));
        Button doImport = Fx.lookup(window, "#importButton");
        Fx.await("read", () -> !doImport.isDisabled() && doImport.isFocused() && window.isFocused());
        Thread.sleep(300); // the token's name
        Fx.screenshot(window.getScene(), "import-" + lang);
        robot.type(KeyCode.ENTER);
        Stage pin = Fx.awaitFocused("Pechatka — " + imp.get("pin.title"));
        Fx.screenshot(pin.getScene(), "import-pin-" + lang);
        robot.write(SoftHsm.USER_PIN).type(KeyCode.ENTER);
        Stage first = Fx.awaitFocused(trust.get("offer.title", 1, 2));
        org.pechatka.ui.truststore.Keys.tabTo(first, "offerAdd");
        robot.type(KeyCode.SPACE);
        Fx.await("closed", () -> !first.isShowing());
        Stage second = Fx.awaitFocused(trust.get("offer.title", 2, 2));
        robot.type(KeyCode.ESCAPE);
        Fx.await("closed", () -> !second.isShowing());
        Fx.await("the summary", () -> window.getScene().lookup("#summary-stored") != null);
        Path shot = Fx.screenshot(window.getScene(), "import-done-" + lang);
        assertThat(Files.size(shot)).isPositive();
        Fx.run(window::close);
    }
}
