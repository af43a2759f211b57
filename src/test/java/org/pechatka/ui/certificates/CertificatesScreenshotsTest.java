package org.pechatka.ui.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.desktop.CertificateTools;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.PinSource;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.TokenSession;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.certificates.CertificatesViewModel.CertificateEntry;
import org.pechatka.ui.certificates.CertificatesViewModel.Entry;
import org.pechatka.ui.certificates.CertificatesViewModel.KeyEntry;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;

/**
 * Pictures of the Certificates window over a SoftHSM2 token in Belarusian, Russian and English
 * (target/screenshots/certificates-STATE-LANG.png, collected by bin/screenshots): a person's
 * certificate with its details, the technical details, a key without a certificate, the delete
 * confirmation and the change-PIN form; each checked to be in its language by the window title.
 */
class CertificatesScreenshotsTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static TokenRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        FxPlatform.start();
        try (TokenSession s = HSM.provider().tokens().get(0).open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                TokenSession.Access.READ_WRITE)) {
            s.generateKeyPair(KeyInfo.byProtocolName("EC-P256").orElseThrow(), "request 2026-11");
        }
        registry = new TokenRegistry(List.of(HSM.provider()));
    }

    @AfterAll
    static void stop() {
        Messages.use(Language.EN);
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theWindowInEachLanguage(Language language) throws Exception {
        Messages.use(language);
        Messages texts = Messages.forScreen(CertificatesView.class, language);
        String lang = language.tag();
        CertificatesView view = Fx.on(() -> new CertificatesView(new CertificatesViewModel(registry),
                CertificateTools.NONE, (owner, name) -> Optional.empty()).show());
        Stage stage = view.stage();
        assertThat(stage.getTitle()).isEqualTo("Pechatka — " + texts.get("certificates.title"));
        ListView<Entry> entries = Fx.lookup(stage, "#entries");
        Fx.await("the entries", () -> entries.getItems().size() == 8);
        Fx.run(() -> stage.setWidth(1180));
        Fx.run(() -> stage.setHeight(720));

        select(entries, e -> e instanceof CertificateEntry c && c.certificate().certificate()
                .equals(HSM.key("rsa").certificate()));
        Path shot = Fx.screenshot(stage.getScene(), "certificates-" + lang);
        assertThat(Files.size(shot)).isPositive();
        // a 1366x768 screen at 150%, or 1920x1080 at 200%: not collected by bin/screenshots, for looking at
        Fx.run(() -> stage.setWidth(900));
        Fx.run(() -> stage.setHeight(520));
        Fx.screenshot(stage.getScene(), "small/certificates-" + lang);
        Fx.run(() -> stage.setWidth(1180));
        Fx.run(() -> stage.setHeight(720));

        TitledPane technical = Fx.lookup(stage, "#technical");
        Fx.run(() -> technical.setExpanded(true));
        Fx.screenshot(stage.getScene(), "certificates-technical-" + lang);
        Fx.run(() -> technical.setExpanded(false));

        select(entries, e -> e instanceof KeyEntry);
        Fx.screenshot(stage.getScene(), "certificates-key-" + lang);

        select(entries, e -> e instanceof CertificateEntry c && c.certificate().certificate()
                .equals(HSM.key("ec").certificate()));
        Button delete = Fx.lookup(stage, "#delete");
        Platform.runLater(delete::fire);
        Stage confirm = Fx.awaitFocused("Pechatka — " + texts.get("delete.cert.title"));
        Fx.screenshot(confirm.getScene(), "certificates-delete-" + lang);
        Fx.run(() -> ((Button) confirm.getScene().lookup("#confirmCancel")).fire());
        Fx.await("closed", () -> !confirm.isShowing());

        Button changePin = Fx.lookup(stage, "#changePin");
        Platform.runLater(changePin::fire);
        Stage pin = Fx.awaitFocused("Pechatka — " + texts.get("pin.change.title"));
        Fx.screenshot(pin.getScene(), "certificates-pin-" + lang);
        Platform.runLater(pin::close);
        Fx.await("closed", () -> !pin.isShowing());

        Button unblock = Fx.lookup(stage, "#unblockPin");
        Platform.runLater(unblock::fire);
        Stage so = Fx.awaitFocused("Pechatka — " + texts.get("pin.unblock.title"));
        Fx.screenshot(so.getScene(), "certificates-unblock-" + lang);
        Platform.runLater(so::close);
        Fx.await("closed", () -> !so.isShowing());
        Fx.run(stage::close);
    }

    private static void select(ListView<Entry> list, java.util.function.Predicate<Entry> which) throws Exception {
        Fx.run(() -> list.getSelectionModel().select(list.getItems().stream().filter(which).findFirst().orElseThrow()));
    }
}
