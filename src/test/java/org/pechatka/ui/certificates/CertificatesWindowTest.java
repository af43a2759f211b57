package org.pechatka.ui.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.desktop.CertificateTools;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.TokenSession;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.certificates.CertificatesViewModel.CertificateEntry;
import org.pechatka.ui.certificates.CertificatesViewModel.Entry;
import org.pechatka.ui.certificates.CertificatesViewModel.KeyEntry;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.testfx.api.FxRobot;

/**
 * The Certificates window over a real SoftHSM2 token: what it lists and shows, export, delete
 * (cancel changes nothing; the token's object list is compared with pkcs11-tool), change PIN,
 * unblock with the SO PIN, and the token pulled out while the window is open. The tests run in
 * order on one window: each leaves the token as it found it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificatesWindowTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    @TempDir
    static Path tmp;

    private static final AtomicReference<CertificateDialogs.Target> SAVE_TO = new AtomicReference<>();
    private static UnpluggableProvider plug;
    private static CertificatesView view;
    private static Stage stage;
    private static KeyRef abandoned;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void open() throws Exception {
        FxPlatform.start();
        Messages.use(Language.EN);
        try (TokenSession s = token().open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                TokenSession.Access.READ_WRITE)) {
            abandoned = s.generateKeyPair(KeyInfo.byProtocolName("EC-P256").orElseThrow(), "abandoned request");
        }
        plug = new UnpluggableProvider(HSM.provider());
        TokenRegistry registry = new TokenRegistry(List.of(plug));
        view = Fx.on(() -> new CertificatesView(new CertificatesViewModel(registry), CertificateTools.NONE,
                (owner, name) -> Optional.ofNullable(SAVE_TO.get())).show());
        stage = view.stage();
        awaitEntries(8);
    }

    @AfterAll
    static void close() throws Exception {
        if (stage != null) {
            Fx.run(stage::close);
        }
    }

    private static Token token() {
        return HSM.provider().tokens().get(0);
    }

    private static ListView<Entry> entries() throws Exception {
        return Fx.lookup(stage, "#entries");
    }

    private static void awaitEntries(int count) throws Exception {
        Fx.await(count + " entries", () -> {
            try {
                return entries().getItems().size() == count;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static List<String> objects() throws Exception {
        return HSM.hsm().pkcs11Tool(true, List.of("--list-objects")).lines().sorted().toList();
    }

    private static void select(java.util.function.Predicate<Entry> which) throws Exception {
        Fx.run(() -> {
            try {
                ListView<Entry> list = entries();
                list.getSelectionModel().select(list.getItems().stream().filter(which).findFirst().orElseThrow());
                list.requestFocus();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void selectCertificate(X509Certificate cert) throws Exception {
        select(e -> e instanceof CertificateEntry c && c.certificate().certificate().equals(cert));
    }

    /** Presses a button of the window without waiting: it may open a modal dialog. */
    private static void press(String id) throws Exception {
        Button b = Fx.lookup(stage, id);
        Fx.await(id + " enabled", () -> !b.isDisabled());
        Platform.runLater(b::fire);
    }

    private static String status() throws Exception {
        return Fx.on(() -> ((Label) stage.getScene().lookup("#status")).getText());
    }

    private static void awaitStatus(String text) throws Exception {
        try {
            Fx.await("the status " + text, () -> ((Label) stage.getScene().lookup("#status")).getText().equals(text));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the status is: " + status(), e);
        }
    }

    private static Messages texts() {
        return Messages.forScreen(CertificatesView.class, Language.EN);
    }

    private static Stage dialog(String titleKey) throws Exception {
        return Fx.awaitFocused("Pechatka — " + texts().get(titleKey));
    }

    private static void click(Stage dialog, String id) throws Exception {
        Node n = Fx.lookup(dialog, id);
        Platform.runLater(() -> ((Button) n).fire());
        Fx.await("the dialog closed", () -> !dialog.isShowing());
    }

    private void enterPin(String pin) throws Exception {
        Stage d = dialog("pin.ask.title");
        robot.write(pin);
        robot.type(KeyCode.ENTER);
        Fx.await("the PIN dialog closed", () -> !d.isShowing());
    }

    @Test
    @Order(1)
    void listsTheTokenItsCertificatesAndTheKeyWithoutCertificate() throws Exception {
        ListView<?> tokens = Fx.lookup(stage, "#tokens");
        assertThat(Fx.on(() -> tokens.getItems().size())).isEqualTo(1);
        List<Entry> items = Fx.on(() -> List.copyOf(entries().getItems()));
        assertThat(items.stream().filter(e -> e instanceof CertificateEntry)).hasSize(7);
        assertThat(items.get(items.size() - 2)).as("the CA certificate after the people's")
                .isInstanceOfSatisfying(CertificateEntry.class, c -> assertThat(c.view().ca()).isTrue());
        assertThat(items.getLast()).isInstanceOfSatisfying(KeyEntry.class, k -> {
            assertThat(k.key().keyId()).isEqualTo(abandoned.keyId());
            assertThat(k.key().label()).isEqualTo("abandoned request");
        });
        for (String tool : List.of("#createRequest", "#importCertificate", "#signFile", "#verifyFile", "#trustStore")) {
            assertThat(Fx.on(() -> stage.getScene().lookup(tool).isDisabled())).as(tool + " until wired").isTrue();
        }
        assertThat(stage.getTitle()).isEqualTo("Pechatka — Certificates");
    }

    @Test
    @Order(2)
    void showsEveryFieldAndTheRawOnes() throws Exception {
        X509Certificate cert = HSM.key("rsa").certificate();
        selectCertificate(cert);
        GridPane fields = Fx.lookup(stage, "#fields");
        Fx.await("the fields", () -> !fields.getChildren().isEmpty());
        List<String> texts = Fx.on(() -> fields.getChildren().stream().map(n -> ((Label) n).getText()).toList());
        String thumbprint = CertificatesViewModel.thumbprint(org.pechatka.cert.CertificateView.of(cert));
        assertThat(texts).contains("SHA-256 thumbprint", thumbprint, "Serial number",
                CertificatesViewModel.serialHex(cert), "Key usage", "Identification number", "Valid until",
                "Issued by", "Pechatka Test CA", "RSA 2048", "Valid", "digital signature, non-repudiation");
        String raw = Fx.on(() -> ((TextArea) stage.getScene().lookup("#raw")).getText());
        assertThat(raw).contains("Subject: ", "Issuer: ", "2.5.29.15 (critical)", "2.5.29.37", "1.3.6.1.5.5.7.3.2", cert.getSigAlgOID());

        select(e -> e instanceof KeyEntry);
        Fx.await("the key's fields", () -> ((Label) stage.getScene().lookup("#detailsTitle")).getText()
                .equals("Key without a certificate"));
        assertThat(Fx.on(() -> stage.getScene().lookup("#export").isDisabled())).isTrue();
    }

    @Test
    @Order(3)
    void exportsDerAndPemByteForByteAndAsksBeforeReplacing() throws Exception {
        X509Certificate cert = HSM.key("ec").certificate();
        selectCertificate(cert);
        Path der = tmp.resolve("ec.cer");
        SAVE_TO.set(new CertificateDialogs.Target(der, CertificatesViewModel.ExportFormat.DER, false));
        press("#export");
        awaitStatus("Saved to ec.cer (DER).");
        assertThat(Files.readAllBytes(der)).isEqualTo(cert.getEncoded());

        Path pem = tmp.resolve("ec.pem");
        SAVE_TO.set(new CertificateDialogs.Target(pem, CertificatesViewModel.ExportFormat.PEM, false));
        press("#export");
        awaitStatus("Saved to ec.pem (PEM).");
        try (PemReader r = new PemReader(new StringReader(Files.readString(pem)))) {
            PemObject o = r.readPemObject();
            assertThat(o.getType()).isEqualTo("CERTIFICATE");
            assertThat(o.getContent()).isEqualTo(cert.getEncoded());
        }

        // the same file again: asked first; Cancel (the default, Enter) keeps the file
        SAVE_TO.set(new CertificateDialogs.Target(der, CertificatesViewModel.ExportFormat.PEM, false));
        press("#export");
        Stage ask = dialog("export.overwrite.title");
        robot.type(KeyCode.ENTER);
        Fx.await("the question closed", () -> !ask.isShowing());
        assertThat(Files.readAllBytes(der)).isEqualTo(cert.getEncoded());
        press("#export");
        click(dialog("export.overwrite.title"), "#confirmOk");
        awaitStatus("Saved to ec.cer (PEM).");
        assertThat(Files.readString(der)).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    @Order(4)
    void deletesTheKeyWithoutCertificateOnlyAfterConfirmation() throws Exception {
        List<String> before = objects();
        select(e -> e instanceof KeyEntry);
        press("#delete");
        click(dialog("delete.key.title"), "#confirmCancel");
        assertThat(objects()).as("cancel deletes nothing").isEqualTo(before);

        select(e -> e instanceof KeyEntry);
        press("#delete");
        click(dialog("delete.key.title"), "#confirmOk");
        enterPin(SoftHsm.USER_PIN);
        awaitStatus("The key was deleted.");
        awaitEntries(7);
        List<String> after = objects();
        assertThat(after).isNotEqualTo(before);
        assertThat(String.join("\n", after)).doesNotContain("abandoned request");
        assertThat(token().keysWithoutCertificate()).isEmpty();
        assertThat(token().certificates()).hasSize(7);
    }

    @Test
    @Order(5)
    void deletesACertificateAndAfterASecondConfirmationItsKey() throws Exception {
        List<String> before = objects();
        X509Certificate cert;
        try (TokenSession s = token().open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                TokenSession.Access.READ_WRITE)) {
            KeyRef key = s.generateKeyPair(KeyInfo.byProtocolName("EC-P256").orElseThrow(), "to delete");
            cert = HSM.ca().issue(key.publicKey(), TestSubjects.russianCitizen());
            s.storeCertificate(cert, key.keyId(), "to delete");
        }
        Fx.run(() -> view.refresh());
        awaitEntries(8);
        List<String> withIt = objects();

        selectCertificate(cert);
        press("#delete");
        Stage first = dialog("delete.cert.title");
        robot.type(KeyCode.ENTER); // Cancel is the default
        Fx.await("closed", () -> !first.isShowing());
        assertThat(objects()).isEqualTo(withIt);

        // the key too, but No at the second question: nothing at all is deleted
        selectCertificate(cert);
        press("#delete");
        Stage again = dialog("delete.cert.title");
        CheckBox withKey = Fx.lookup(again, "#confirmCheck");
        Fx.run(() -> withKey.setSelected(true));
        click(again, "#confirmOk");
        click(dialog("delete.keyToo.title"), "#confirmCancel");
        assertThat(objects()).isEqualTo(withIt);

        selectCertificate(cert);
        press("#delete");
        Stage third = dialog("delete.cert.title");
        CheckBox check = Fx.lookup(third, "#confirmCheck");
        Fx.run(() -> check.setSelected(true));
        click(third, "#confirmOk");
        Stage second = dialog("delete.keyToo.title");
        assertThat(Fx.on(() -> ((Label) second.getScene().lookup("#confirmText")).getText()))
                .contains("valid and in use");
        click(second, "#confirmOk");
        enterPin(SoftHsm.USER_PIN);
        awaitStatus("The certificate and its private key were deleted.");
        awaitEntries(7);
        assertThat(objects()).as("exactly the certificate and its key pair are gone").isEqualTo(before);
    }

    @Test
    @Order(6)
    void changesThePinThenOnlyTheNewOneLogsIn() throws Exception {
        press("#changePin");
        Stage form = dialog("pin.change.title");
        robot.write(SoftHsm.USER_PIN).type(KeyCode.TAB).write("8642").type(KeyCode.TAB).write("8643");
        robot.type(KeyCode.ENTER);
        Label error = Fx.lookup(form, "#pinError");
        Fx.await("the mismatch shown", () -> error.getText().equals("The two new PINs differ."));
        assertThat(form.isShowing()).isTrue();
        robot.type(KeyCode.TAB).type(KeyCode.TAB); // leave the OK button for the fields
        Fx.run(() -> {
            ((javafx.scene.control.PasswordField) form.getScene().lookup("#currentPin")).setText(SoftHsm.USER_PIN);
            ((javafx.scene.control.PasswordField) form.getScene().lookup("#newPin")).setText("8642");
            ((javafx.scene.control.PasswordField) form.getScene().lookup("#repeatPin")).setText("8642");
        });
        click(form, "#pinOk");
        awaitStatus("The PIN was changed. Use the new PIN from now on.");
        try {
            try (TokenSession s = token().open(PinSource.fixed("8642".toCharArray()), TokenSession.Access.READ_ONLY)) {
                assertThat(s.certificates()).isNotEmpty();
            }
        } finally {
            token().changePin("8642".toCharArray(), SoftHsm.USER_PIN.toCharArray());
        }
    }

    @Test
    @Order(7)
    void wrongCurrentPinIsReportedAndChangesNothing() throws Exception {
        press("#changePin");
        Stage form = dialog("pin.change.title");
        robot.write("0000").type(KeyCode.TAB).write("8642").type(KeyCode.TAB).write("8642").type(KeyCode.ENTER);
        Fx.await("closed", () -> !form.isShowing());
        awaitStatus("The PIN is wrong.");
        try (TokenSession s = token().open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).isNotEmpty();
        }
    }

    /** SoftHSM2 never locks the user PIN (no retry counter), so the unblock runs on an unlocked token. */
    @Test
    @Order(8)
    void setsANewPinWithTheSoPin() throws Exception {
        press("#unblockPin");
        Stage form = dialog("pin.unblock.title");
        robot.write(SoftHsm.SO_PIN).type(KeyCode.TAB).write("97531").type(KeyCode.TAB).write("97531")
                .type(KeyCode.ENTER);
        Fx.await("closed", () -> !form.isShowing());
        awaitStatus("A new PIN was set. Use it from now on.");
        try {
            try (TokenSession s = token().open(PinSource.fixed("97531".toCharArray()), TokenSession.Access.READ_ONLY)) {
                assertThat(s.certificates()).isNotEmpty();
            }
        } finally {
            token().unblockPin(SoftHsm.SO_PIN.toCharArray(), SoftHsm.USER_PIN.toCharArray());
        }
    }

    @Test
    @Order(9)
    void forgetsTheTokenWhenItIsPulledOut() throws Exception {
        selectCertificate(HSM.key("rsa").certificate());
        plug.unplug();
        awaitStatus("The token was removed.");
        Fx.await("the lists emptied", () -> {
            try {
                return entries().getItems().isEmpty()
                        && ((ListView<?>) stage.getScene().lookup("#tokens")).getItems().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(Fx.on(() -> stage.getScene().lookup("#delete").isDisabled())).isTrue();
        assertThat(Fx.on(() -> stage.getScene().lookup("#changePin").isDisabled())).isTrue();
        assertThat(status()).isEqualTo("The token was removed.");
    }
}
