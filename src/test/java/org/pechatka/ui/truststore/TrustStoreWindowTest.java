package org.pechatka.ui.truststore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.TrustStore;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.testfx.api.FxRobot;

/**
 * The trust store window over a real store in a temporary data directory with an administrator's
 * folder: roots and intermediates apart, the administrator's entries read-only, Import… with a
 * confirmation per CA certificate (one confirmed, one refused, checked in the folders), Remove…
 * with a confirmation whose default is Cancel, Export… never over an existing file — driven by the
 * keyboard (Tab, Space, Enter, Delete, Escape) as a person without a mouse would.
 */
class TrustStoreWindowTest {

    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private TrustStore store;
    private TestChain admin;
    private TestChain mine;
    private ScriptedFiles files;
    private TrustStoreView view;
    private Stage stage;
    private Messages texts;

    @BeforeAll
    static void platform() {
        FxPlatform.start();
    }

    @BeforeEach
    void open() throws Exception {
        Messages.use(Language.EN);
        texts = Messages.forScreen(TrustStoreView.class, Language.EN);
        admin = new TestChain("Administrator");
        mine = new TestChain("Mine");
        Path adminDir = Files.createDirectories(tmp.resolve("admin"));
        TestChain.pem(adminDir.resolve("corporate-root.pem"), admin.root.caCertificate());
        store = new TrustStore(tmp.resolve("data/trust"), adminDir);
        store.add(mine.intermediate.getEncoded());
        files = new ScriptedFiles();
        view = Fx.on(() -> new TrustStoreView(new TrustStoreViewModel(store), files).show());
        stage = view.stage();
        Fx.await("the window focused", stage::isFocused);
    }

    @AfterEach
    void close() throws Exception {
        Fx.run(() -> {
            for (var w : javafx.stage.Window.getWindows().stream().toList()) {
                if (w instanceof Stage s && s != stage && s.isShowing()) {
                    s.close();
                }
            }
            stage.close();
        });
    }

    @Test
    void theAdministratorsRootIsListedReadOnlyAndMyIntermediateRemovable() throws Exception {
        assertThat(stage.getTitle()).isEqualTo("Pechatka — Trust store");
        ListView<TrustStore.Entry> roots = Fx.lookup(stage, "#roots");
        ListView<TrustStore.Entry> intermediates = Fx.lookup(stage, "#intermediates");
        assertThat(Fx.on(() -> roots.getItems().stream().map(TrustStore.Entry::source).toList()))
                .containsExactly(TrustStore.Source.ADMIN);
        assertThat(Fx.on(() -> intermediates.getItems().stream().map(TrustStore.Entry::certId).toList()))
                .containsExactly(TrustStore.certId(mine.intermediate));

        Fx.await("the first root chosen", () -> roots.getSelectionModel().getSelectedIndex() == 0);
        Fx.await("the roots list focused", roots::isFocused);
        Button remove = Fx.lookup(stage, "#removeButton");
        assertThat(Fx.on(remove::isDisabled)).isTrue();
        Label source = Fx.lookup(stage, "#source");
        assertThat(Fx.on(source::getText)).isEqualTo(texts.get("source.admin.long"));
        robot.type(KeyCode.DELETE); // nothing happens for an administrator's certificate
        Thread.sleep(300);
        assertThat(Fx.windows(texts.get("remove.title"))).isEmpty();
        assertThat(store.list()).hasSize(2);
        Label fingerprint = Fx.lookup(stage, "#field-5");
        assertThat(Fx.on(fingerprint::getText)).isEqualTo(CaFields.fingerprint(
                TrustStore.certId(admin.root.caCertificate())));

        TabPane tabs = Fx.lookup(stage, "#tabs");
        Fx.run(() -> tabs.getSelectionModel().select(1));
        Fx.await("intermediates focused", intermediates::isFocused);
        Fx.await("the intermediate chosen", () -> intermediates.getSelectionModel().getSelectedIndex() == 0);
        assertThat(Fx.on(remove::isDisabled)).isFalse();
        assertThat(Fx.on(source::getText)).isEqualTo(texts.get("source.user.long"));
    }

    @Test
    void importAsksForEachCaCertificateAndAddsOnlyTheConfirmedOne() throws Exception {
        TestChain other = new TestChain("Other");
        Path bundle = TestChain.pem(tmp.resolve("chain.pem"), other.root.caCertificate(), other.intermediate);
        files.open(bundle);
        tabTo(stage, "importButton");
        robot.type(KeyCode.SPACE);

        Stage first = Fx.awaitFocused(texts.get("offer.title", 1, 2));
        Label question = Fx.lookup(first, "#offerQuestion");
        assertThat(Fx.on(question::getText)).isEqualTo("Add this certificate to Trusted Root Certification Authorities?");
        Label warning = Fx.lookup(first, "#offerWarning");
        assertThat(Fx.on(warning::getText)).isEqualTo(texts.get("offer.rootWarning"));
        assertThat(Fx.on(() -> ((Label) first.getScene().lookup("#offer-field-5")).getText()))
                .isEqualTo(CaFields.fingerprint(TrustStore.certId(other.root.caCertificate())));
        tabTo(first, "offerAdd");
        robot.type(KeyCode.SPACE);
        Fx.await("the first offer closed", () -> !first.isShowing());

        Stage second = Fx.awaitFocused(texts.get("offer.title", 2, 2));
        Label q2 = Fx.lookup(second, "#offerQuestion");
        assertThat(Fx.on(q2::getText)).isEqualTo("Add this certificate to Intermediate Certification Authorities?");
        robot.type(KeyCode.ENTER); // Skip is the default: Enter never adds a CA
        Fx.await("the second offer closed", () -> !second.isShowing());

        Path trust = tmp.resolve("data/trust");
        assertThat(trust.resolve(TrustStore.certId(other.root.caCertificate()) + ".pem")).exists();
        assertThat(trust.resolve("intermediate/" + TrustStore.certId(other.intermediate) + ".pem")).doesNotExist();
        Label status = Fx.lookup(stage, "#status");
        assertThat(Fx.on(status::getText)).isEqualTo(texts.get("status.imported", 1, 0, 1));
        ListView<TrustStore.Entry> roots = Fx.lookup(stage, "#roots");
        assertThat(Fx.on(() -> roots.getItems().size())).isEqualTo(2);
    }

    @Test
    void aFileWithoutCaCertificatesAddsNothing() throws Exception {
        Path junk = Files.writeString(tmp.resolve("notes.pem"), "not a certificate", StandardCharsets.UTF_8);
        files.open(junk);
        Fx.run(view::importFile);
        Label status = Fx.lookup(stage, "#status");
        assertThat(Fx.on(status::getText)).isEqualTo(texts.get("status.notCertificate", "notes.pem"));
        assertThat(TestChain.filesUnder(tmp.resolve("data/trust"))).hasSize(1);
    }

    @Test
    void removeAsksFirstWithCancelAsTheDefault() throws Exception {
        TabPane tabs = Fx.lookup(stage, "#tabs");
        ListView<TrustStore.Entry> intermediates = Fx.lookup(stage, "#intermediates");
        Fx.await("the roots list focused", () -> ((ListView<?>) stage.getScene().lookup("#roots")).isFocused());
        robot.press(KeyCode.CONTROL).type(KeyCode.TAB).release(KeyCode.CONTROL); // the next tab
        Fx.await("intermediates shown", () -> tabs.getSelectionModel().getSelectedIndex() == 1);
        Fx.await("intermediates focused", intermediates::isFocused);
        Fx.await("chosen", () -> intermediates.getSelectionModel().getSelectedIndex() == 0);
        Path file = tmp.resolve("data/trust/intermediate/" + TrustStore.certId(mine.intermediate) + ".pem");
        assertThat(file).exists();

        robot.type(KeyCode.DELETE);
        Stage confirm = Fx.awaitFocused(texts.get("remove.title"));
        Label text = Fx.lookup(confirm, "#removeText");
        assertThat(Fx.on(text::getText)).contains("Mine Issuing CA").contains("Intermediate Certification Authorities");
        robot.type(KeyCode.ENTER); // Cancel is the default
        Fx.await("closed", () -> !confirm.isShowing());
        assertThat(file).exists();

        Fx.await("focus back", stage::isFocused);
        Fx.run(intermediates::requestFocus);
        robot.type(KeyCode.DELETE);
        Stage again = Fx.awaitFocused(texts.get("remove.title"));
        tabTo(again, "removeOk");
        robot.type(KeyCode.SPACE);
        Fx.await("closed", () -> !again.isShowing());
        assertThat(file).doesNotExist();
        Fx.await("the list read again", () -> intermediates.getItems().isEmpty());
        Label status = Fx.lookup(stage, "#status");
        assertThat(Fx.on(status::getText)).isEqualTo(texts.get("status.removed", "Mine Issuing CA",
                "Intermediate Certification Authorities"));
        robot.type(KeyCode.ESCAPE);
        Fx.await("the window closed", () -> !stage.isShowing());
    }

    @Test
    void exportWritesANewFileAndNeverOverwrites() throws Exception {
        ListView<TrustStore.Entry> roots = Fx.lookup(stage, "#roots");
        Fx.run(() -> roots.getSelectionModel().select(0));
        Path target = tmp.resolve("exported.pem");
        files.saveTo(target).saveTo(target);
        Fx.run(view::export);
        assertThat(Files.readString(target)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(TrustStoreViewModel.readCertificates(target)).containsExactly(admin.root.caCertificate());
        Files.writeString(target, "mine");
        Fx.run(view::export);
        assertThat(Files.readString(target)).isEqualTo("mine");
        Label status = Fx.lookup(stage, "#status");
        assertThat(Fx.on(status::getText)).isEqualTo(texts.get("status.exists", target));
    }

    private static void tabTo(Stage window, String id) throws Exception {
        Keys.tabTo(window, id);
    }
}
