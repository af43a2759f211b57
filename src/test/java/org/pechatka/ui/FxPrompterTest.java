package org.pechatka.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pechatka.ui.DialogFixtures.ORIGIN;
import static org.pechatka.ui.DialogFixtures.assertCancelled;
import static org.pechatka.ui.DialogFixtures.awaitClosed;
import static org.pechatka.ui.DialogFixtures.awaitWindow;
import static org.pechatka.ui.DialogFixtures.inBackground;
import static org.pechatka.ui.DialogFixtures.interaction;
import static org.pechatka.ui.DialogFixtures.labels;
import static org.pechatka.ui.DialogFixtures.node;
import static org.pechatka.ui.DialogFixtures.text;
import static org.pechatka.ui.DialogFixtures.visible;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;
import org.pechatka.token.PinStatus;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.frame.Formats;
import org.testfx.api.FxRobot;

/**
 * Pechatka's request windows, real JavaFX windows under a real display (Xvfb in CI), driven with the
 * keyboard as PROTOCOL.md §3 promises: the site first, titles starting with "Pechatka", Enter for the
 * default action, Escape to cancel, Tab to every control, focus in the PIN field, the first usable
 * certificate preselected; windows close on answer, timeout and abort, in all three languages.
 */
class FxPrompterTest {

    private static FxPrompter prompter;
    private static PendingRequests pending;
    private static DialogFixtures f;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void setUp() {
        Messages.use(Language.EN);
        pending = new PendingRequests();
        prompter = new FxPrompter(pending);
        f = new DialogFixtures();
    }

    @AfterEach
    void noWindowLeftOpen() throws Exception {
        DialogFixtures.assertEverythingClosed(pending);
        assertThat(DialogFixtures.showing()).as("every window closed").isEmpty();
    }

    private static PickerRequest loginWithData(List<CertificateChoice> choices) {
        return DialogFixtures.picker(PickerRequest.Purpose.AUTH, DialogFixtures.REASON, choices,
                PersonalAttribute.FULL_NAME, PersonalAttribute.UNP);
    }

    private static Button button(Stage s, String id) throws Exception {
        return (Button) node(s, id);
    }

    @SuppressWarnings("unchecked")
    private static TableView<CertificateChoice> table(Stage s) throws Exception {
        return (TableView<CertificateChoice>) node(s, "certificates");
    }

    /** The row of the table showing item {@code index}, scrolled into view (FX thread). */
    private static javafx.scene.control.TableRow<?> rowOf(Stage s, int index) throws Exception {
        TableView<CertificateChoice> t = table(s);
        t.scrollTo(index);
        t.layout();
        return t.lookupAll(".table-row-cell").stream().map(n -> (javafx.scene.control.TableRow<?>) n)
                .filter(r -> r.getIndex() == index).findFirst().orElseThrow();
    }

    /** The mark badge of a row, or null when it has none. */
    private static Label markOf(Stage s, int index) throws Exception {
        return Fx.on(() -> labels(rowOf(s, index)).stream().filter(l -> l.getStyleClass().contains("mark"))
                .findFirst().orElse(null));
    }

    /** The site comes first: the top of the window, before any other text. */
    private static void assertSiteFirst(Stage s) throws Exception {
        assertThat(s.getTitle()).startsWith("Pechatka — ");
        assertThat(text(s, "origin")).isEqualTo(ORIGIN);
        List<Label> all = Fx.on(() -> labels(s.getScene().getRoot()));
        int origin = all.indexOf((Label) node(s, "origin"));
        assertThat(origin).as("only the 'Site' caption comes before the origin").isLessThanOrEqualTo(1);
    }

    // ---- picker ----------------------------------------------------------------------------------

    @Test
    void whenThePickerOpens_thenTheSiteComesFirstTheFirstUsableIsSelectedAndEnterChoosesIt() throws Exception {
        List<CertificateChoice> choices = List.of(f.mixed().get(2), f.mixed().get(0), f.mixed().get(1));
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                loginWithData(choices), interaction()));
        Stage s = awaitWindow();
        assertSiteFirst(s);
        assertThat(s.isAlwaysOnTop()).isTrue();
        assertThat(Fx.on(pending::count)).isEqualTo(1);
        assertThat(text(s, "site-text")).isEqualTo(DialogFixtures.REASON);
        assertThat(Fx.on(() -> table(s).getSelectionModel().getSelectedIndex())).as("the expired first row is skipped")
                .isEqualTo(1);
        assertThat(Fx.on(() -> s.getScene().getFocusOwner() == table(s))).isTrue();
        robot.type(KeyCode.ENTER);
        assertThat(chosen.get(10, TimeUnit.SECONDS).certId()).isEqualTo(f.citizen.certId());
    }

    @Test
    void whenRowsAreExpiredNotYetValidOrOnALockedToken_thenTheyAreMarkedAndCannotBeChosen() throws Exception {
        Interaction ix = interaction();
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                loginWithData(f.mixed()), ix));
        Stage s = awaitWindow();
        List<Label> marks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Label mark = markOf(s, i);
            if (mark != null) {
                marks.add(mark);
            }
        }
        assertThat(marks).extracting(Label::getText).containsExactly("Last PIN try", "Expired", "Not yet valid",
                "PIN locked");
        assertThat(Fx.on(() -> rowOf(s, 2).getPseudoClassStates().stream().map(Object::toString).toList()))
                .as("unusable rows are greyed").contains("unusable");
        assertThat(Fx.on(() -> rowOf(s, 0).getPseudoClassStates().stream().map(Object::toString).toList()))
                .doesNotContain("unusable");
        assertThat(marks).filteredOn(l -> l.getText().equals("Expired")).singleElement()
                .satisfies(l -> assertThat(l.getStyleClass()).contains("mark-bad"));
        assertThat(marks).filteredOn(l -> l.getText().equals("Last PIN try")).singleElement()
                .satisfies(l -> assertThat(l.getStyleClass()).contains("mark-warn"));
        // down to the expired row: the note says why, the default button is disabled and Enter does nothing
        robot.type(KeyCode.DOWN, 2);
        assertThat(Fx.on(() -> table(s).getSelectionModel().getSelectedItem().certId())).isEqualTo(f.expired.certId());
        assertThat(visible(s, "selection-note")).isTrue();
        assertThat(text(s, "selection-note")).startsWith("This certificate cannot be used: it expired on");
        assertThat(Fx.on(() -> button(s, "ok").isDisabled())).isTrue();
        robot.type(KeyCode.ENTER);
        Thread.sleep(300);
        assertThat(chosen).isNotDone();
        robot.type(KeyCode.DOWN, 2);
        assertThat(text(s, "selection-note")).contains("PIN of its token is locked");
        robot.type(KeyCode.ENTER);
        Thread.sleep(200);
        assertThat(chosen).isNotDone();
        robot.type(KeyCode.UP, 3);
        assertThat(text(s, "selection-note")).isEqualTo("Last PIN try on this token: one more wrong PIN locks it.");
        robot.type(KeyCode.ENTER);
        assertThat(chosen.get(10, TimeUnit.SECONDS).certId()).isEqualTo(f.head.certId());
    }

    @Test
    void whenChainsWereChecked_thenRowsAreMarkedTheNoteSaysWhyAndTheDetailsShowTheTrust() throws Exception {
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                DialogFixtures.picker(PickerRequest.Purpose.SIGN, null, f.withTrust()), interaction()));
        Stage s = awaitWindow();
        assertThat(markOf(s, 0)).as("a trusted chain needs no mark").isNull();
        assertThat(markOf(s, 1).getText()).isEqualTo("Revoked");
        assertThat(markOf(s, 1).getStyleClass()).contains("mark-bad");
        assertThat(markOf(s, 2).getText()).isEqualTo("Not trusted");
        assertThat(markOf(s, 2).getStyleClass()).contains("mark-warn");
        assertThat(markOf(s, 3).getText()).as("the PIN warning comes before the revocation one")
                .isEqualTo("Last PIN try");
        assertThat(visible(s, "selection-note")).isFalse();
        robot.type(KeyCode.DOWN);
        assertThat(text(s, "selection-note")).isEqualTo("Revoked: the authority that issued it has withdrawn it."
                + " The site may refuse it.");
        robot.type(KeyCode.DOWN);
        assertThat(text(s, "selection-note")).startsWith("Not trusted: its root certificate is not in Pechatka's");
        Fx.on(() -> {
            button(s, "details").fire();
            return null;
        });
        assertThat(text(s, "details-chain")).isEqualTo(
                "Not trusted: its root certificate is not in Pechatka's trust store.");
        robot.type(KeyCode.ESCAPE);
        assertCancelled(chosen);
    }

    @Test
    void whenTheSelectionMoves_thenTheDataShownAreTheNewCertificatesValues() throws Exception {
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                loginWithData(f.mixed()), interaction()));
        Stage s = awaitWindow();
        assertThat(text(s, "ask")).isEqualTo("asks you to log in with a certificate and to share personal data from it.");
        assertThat(text(s, "attribute-fullName")).isEqualTo(f.citizen.fullName());
        assertThat(text(s, "attribute-unp")).isEqualTo("not in this certificate (not sent)");
        assertThat(text(s, "whole-certificate")).contains("certificate itself with all its fields")
                .contains("allow or refuse all of this together");
        assertThat(text(s, "ok")).isEqualTo("Allow and continue");
        robot.type(KeyCode.DOWN);
        assertThat(text(s, "attribute-fullName")).isEqualTo(f.head.fullName());
        assertThat(text(s, "attribute-unp")).isEqualTo(f.head.attribute(PersonalAttribute.UNP).orElseThrow());
        robot.type(KeyCode.ESCAPE);
        assertCancelled(chosen);
    }

    @Test
    void whenThePersonAllowsInThePicker_thenTheConsentThatFollowsOpensNoSecondWindow() throws Exception {
        Interaction ix = interaction();
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                loginWithData(f.mixed()), ix));
        awaitWindow();
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.ENTER);
        CertificateChoice c = chosen.get(10, TimeUnit.SECONDS);
        assertThat(c.certId()).isEqualTo(f.head.certId());
        long start = System.nanoTime();
        prompter.approveAttributes(ConsentRequest.of(c.view(), List.of(PersonalAttribute.FULL_NAME,
                PersonalAttribute.UNP)), ix);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(DialogFixtures.showing()).isEmpty();
        ix.finish();
    }

    @Test
    void whenTheConsentDiffersFromWhatThePickerShowed_thenTheConsentWindowAsks() throws Exception {
        Interaction ix = interaction();
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                loginWithData(f.mixed()), ix));
        awaitWindow();
        robot.type(KeyCode.ENTER);
        CertificateChoice c = chosen.get(10, TimeUnit.SECONDS);
        // other attributes than the picker showed: the person must see them
        CompletableFuture<Object> allowed = inBackground(() -> {
            prompter.approveAttributes(ConsentRequest.of(c.view(), List.of(PersonalAttribute.FULL_NAME,
                    PersonalAttribute.PERSONAL_NUMBER)), ix);
            return "allowed";
        });
        Stage s = awaitWindow();
        assertSiteFirst(s);
        assertThat(s.getTitle()).isEqualTo("Pechatka — Personal data");
        assertThat(text(s, "attribute-personalNumber")).isEqualTo(f.citizen.attribute(
                PersonalAttribute.PERSONAL_NUMBER).orElseThrow());
        robot.type(KeyCode.ENTER);
        assertThat(allowed.get(10, TimeUnit.SECONDS)).isEqualTo("allowed");
        ix.finish();
    }

    @Test
    void whenTheConsentWindowIsRefused_thenUserCancelled() throws Exception {
        CompletableFuture<Object> refused = inBackground(() -> {
            prompter.approveAttributes(ConsentRequest.of(f.head, List.of(PersonalAttribute.UNP)), interaction());
            return "allowed";
        });
        Stage s = awaitWindow();
        // keyboard only: Tab from Allow to Refuse, Enter
        robot.type(KeyCode.TAB);
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("cancel");
        robot.type(KeyCode.ENTER);
        assertCancelled(refused);
    }

    @Test
    void whenDetailsAreAsked_thenEveryFieldAPersonNeedsIsShown() throws Exception {
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                DialogFixtures.picker(PickerRequest.Purpose.AUTH, null, f.mixed()), interaction()));
        Stage s = awaitWindow();
        assertThat(text(s, "ok")).isEqualTo("Log in");
        assertThat(visible(s, "details-pane")).isFalse();
        robot.type(KeyCode.TAB); // from the table to "Certificate details"
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("details");
        robot.type(KeyCode.ENTER);
        assertThat(visible(s, "details-pane")).isTrue();
        assertThat(text(s, "details-thumbprint")).isEqualTo(Formats.thumbprint(f.citizen.certId()));
        assertThat(text(s, "details-subjectDn")).isEqualTo(f.citizen.subjectDn());
        assertThat(text(s, "details-issuerDn")).isEqualTo(f.citizen.issuerDn());
        assertThat(text(s, "details-key")).isEqualTo(f.citizen.keyDescription());
        assertThat(text(s, "details-keyUsage")).isEqualTo("digital signature, non-repudiation (legally binding signature)");
        assertThat(text(s, "details-serial").replace(" ", "")).isEqualTo(f.citizen.serialNumber());
        assertThat(text(s, "details-validity")).contains(" – ");
        // the details follow the selection
        robot.push(KeyCode.SHIFT, KeyCode.TAB).type(KeyCode.DOWN);
        assertThat(text(s, "details-thumbprint")).isEqualTo(Formats.thumbprint(f.head.certId()));
        // Tab reaches the default and the cancel button; Enter on Cancel cancels
        robot.type(KeyCode.TAB).type(KeyCode.TAB);
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("ok");
        robot.type(KeyCode.TAB);
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("cancel");
        robot.type(KeyCode.ENTER);
        assertCancelled(chosen);
    }

    @Test
    void whenTokensComeAndGo_thenTheListFollowsAndTheSelectionMovesToAUsableOne() throws Exception {
        DialogFixtures.LiveCandidates live = new DialogFixtures.LiveCandidates(List.of());
        PickerRequest request = new PickerRequest(PickerRequest.Purpose.SIGN, null, live);
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(request,
                interaction()));
        Stage s = awaitWindow();
        assertThat(Fx.on(() -> table(s).getItems())).isEmpty();
        assertThat(Fx.on(() -> button(s, "ok").isDisabled())).isTrue();
        CertificateChoice onFile = DialogFixtures.choice(f.head, "ivanova.p12", TokenKind.KEY_FILE, PinStatus.OK, null);
        live.change(List.of(onFile));
        for (int i = 0; i < 100 && Fx.on(() -> table(s).getItems().size()) == 0; i++) {
            Thread.sleep(20);
        }
        assertThat(Fx.on(() -> table(s).getSelectionModel().getSelectedItem())).isEqualTo(onFile);
        assertThat(Fx.on(() -> button(s, "ok").isDisabled())).isFalse();
        // a second token comes, then the first goes: the selection moves to what is left
        CertificateChoice onToken = DialogFixtures.usable(f.citizen, "AvPass 0001");
        live.change(List.of(onFile, onToken));
        Thread.sleep(200);
        live.change(List.of(onToken));
        for (int i = 0; i < 100 && Fx.on(() -> table(s).getItems().size()) != 1; i++) {
            Thread.sleep(20);
        }
        assertThat(Fx.on(() -> table(s).getSelectionModel().getSelectedItem())).isEqualTo(onToken);
        robot.type(KeyCode.ENTER);
        assertThat(chosen.get(10, TimeUnit.SECONDS)).isEqualTo(onToken);
        assertThat(live.subscribers()).as("the picker stopped listening when it closed").isZero();
    }

    @Test
    void whenAKeyFileIsListed_thenItSaysKeyFile() throws Exception {
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                DialogFixtures.picker(PickerRequest.Purpose.SIGN, null, List.of(DialogFixtures.choice(f.head,
                        "ivanova.p12", TokenKind.KEY_FILE, PinStatus.OK, null))), interaction()));
        Stage s = awaitWindow();
        assertThat(text(s, "ok")).isEqualTo("Choose");
        assertThat(text(s, "ask")).isEqualTo("asks you to choose a certificate for signing.");
        robot.type(KeyCode.TAB).type(KeyCode.ENTER);
        assertThat(text(s, "details-token")).isEqualTo("ivanova.p12 (key file)");
        robot.type(KeyCode.ESCAPE);
        assertCancelled(chosen);
    }

    @Test
    void whenNobodyAnswers_thenUserTimeoutAndTheWindowCloses() throws Exception {
        Interaction ix = new Interaction(ORIGIN, Duration.ofMillis(1500));
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                loginWithData(f.mixed()), ix));
        Stage s = awaitWindow();
        assertThatThrownBy(() -> chosen.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                PechatkaException.UserTimeout.class);
        awaitClosed(s);
        assertThat(Fx.on(s::isShowing)).isFalse();
    }

    @Test
    void whenTheTokenIsRemovedDuringThePicker_thenTheWindowClosesWithTokenRemoved() throws Exception {
        Interaction ix = interaction();
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                loginWithData(f.mixed()), ix));
        Stage s = awaitWindow();
        ix.abort(new PechatkaException.TokenRemoved());
        assertThatThrownBy(() -> chosen.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PechatkaException.TokenRemoved.class);
        awaitClosed(s);
        assertThat(Fx.on(s::isShowing)).isFalse();
    }

    // ---- PIN ---------------------------------------------------------------------------------------

    private static final TokenInfo AVPASS = DialogFixtures.token("AvPass 0001", TokenKind.PKCS11,
            new PinStatus(true, false, false, false), false);

    @Test
    void whenAWrongPinIsTyped_thenTheSameWindowShowsTheErrorAndTakesTheRightOne() throws Exception {
        Interaction ix = interaction();
        ix.useCertificate(f.citizen);
        PinSource pins = prompter.pinSource(ix);
        PinRequest first = DialogFixtures.pin(AVPASS);
        CompletableFuture<PinResponse> answer = inBackground(() -> pins.requestPin(first));
        Stage s = awaitWindow();
        assertSiteFirst(s);
        assertThat(s.getTitle()).isEqualTo("Pechatka — PIN code");
        assertThat(Fx.on(() -> s.getScene().getFocusOwner() instanceof PasswordField)).isTrue();
        assertThat(text(s, "token")).isEqualTo("Token: AvPass 0001");
        assertThat(text(s, "certificate")).startsWith("Certificate: " + f.citizen.displayName() + ", issued by ");
        assertThat(text(s, "pin-warning")).isEqualTo("A wrong PIN was entered on this token before. Enter it carefully.");
        assertThat(visible(s, "pin-error")).isFalse();
        robot.write("1111");
        robot.type(KeyCode.ENTER);
        PinResponse.Pin typed = (PinResponse.Pin) answer.get(10, TimeUnit.SECONDS);
        assertThat(typed.value()).containsExactly('1', '1', '1', '1');
        assertThat(Fx.on(() -> ((PasswordField) node(s, "pin")).getText())).as("the field is cleared").isEmpty();
        assertThat(visible(s, "pin-checking")).isTrue();

        // the token said no, with two tries left: the same window asks again
        PinRequest again = first.afterFailure(AVPASS, DialogFixtures.wrongPin(2, false));
        CompletableFuture<PinResponse> second = inBackground(() -> pins.requestPin(again));
        for (int i = 0; i < 100 && !visible(s, "pin-error"); i++) {
            Thread.sleep(20);
        }
        assertThat(DialogFixtures.showing()).containsExactly(s);
        assertThat(text(s, "pin-error")).isEqualTo("Wrong PIN. Tries left: 2.");
        assertThat(Fx.on(() -> s.getScene().getFocusOwner() instanceof PasswordField)).isTrue();
        robot.write("4321");
        robot.type(KeyCode.ENTER);
        assertThat(((PinResponse.Pin) second.get(10, TimeUnit.SECONDS)).value()).containsExactly('4', '3', '2', '1');
        assertThat(Fx.on(pending::count)).isEqualTo(1);
        ix.finish();
        awaitClosed(s);
        assertThat(Fx.on(s::isShowing)).as("the PIN window closes when the request is done").isFalse();
    }

    @Test
    void whenItIsTheFinalTry_thenTheWindowWarnsAndAfterAWrongPinSaysItWasTheLast() throws Exception {
        Interaction ix = interaction();
        PinSource pins = prompter.pinSource(ix);
        TokenInfo finalTry = DialogFixtures.token("AvPass 0001", TokenKind.PKCS11,
                new PinStatus(true, true, false, false), false);
        CompletableFuture<PinResponse> answer = inBackground(() -> pins.requestPin(DialogFixtures.pin(finalTry)));
        Stage s = awaitWindow();
        assertThat(text(s, "pin-warning")).isEqualTo("Last try: one more wrong PIN locks the token.");
        assertThat(visible(s, "certificate")).as("no certificate known yet").isFalse();
        robot.write("0000").type(KeyCode.ENTER);
        answer.get(10, TimeUnit.SECONDS);
        CompletableFuture<PinResponse> second = inBackground(() -> pins.requestPin(DialogFixtures.pin(finalTry)
                .afterFailure(finalTry, DialogFixtures.wrongPin(1, true))));
        for (int i = 0; i < 100 && !visible(s, "pin-error"); i++) {
            Thread.sleep(20);
        }
        assertThat(text(s, "pin-error")).isEqualTo(
                "Wrong PIN. This is the last try: one more wrong PIN locks the token.");
        robot.type(KeyCode.ESCAPE);
        assertCancelled(second);
        awaitClosed(s);
        assertThat(Fx.on(s::isShowing)).as("a cancelled PIN window closes").isFalse();
        ix.finish();
    }

    @Test
    void whenThePinIsLocked_thenTheWindowExplainsWhatToDoWithOnlyClose() throws Exception {
        Interaction ix = interaction();
        ix.useCertificate(f.citizen);
        PinSource pins = prompter.pinSource(ix);
        CompletableFuture<Object> shown = inBackground(() -> {
            pins.pinLocked(DialogFixtures.pin(DialogFixtures.token("AvPass 0001", TokenKind.PKCS11,
                    new PinStatus(true, false, true, false), false)));
            return "closed";
        });
        Stage s = awaitWindow();
        assertSiteFirst(s);
        assertThat(text(s, "pin-locked")).contains("PUK code").contains("organisation that issued");
        assertThat(visible(s, "pin")).isFalse();
        assertThat(node(s, "cancel")).as("only a Close button").isNull();
        assertThat(text(s, "ok")).isEqualTo("Close");
        Thread.sleep(200);
        assertThat(shown).as("waits for the person to read it").isNotDone();
        robot.type(KeyCode.ENTER);
        assertThat(shown.get(10, TimeUnit.SECONDS)).isEqualTo("closed");
        awaitClosed(s);
        ix.finish();
    }

    @Test
    void whenThePinIsEnteredOnTheReader_thenNoFieldAndTheNoticeClosesWhenTheTokenIsDone() throws Exception {
        Interaction ix = interaction();
        PinSource pins = prompter.pinSource(ix);
        PinResponse response = pins.requestPin(DialogFixtures.pin(DialogFixtures.token("AvPass 0001",
                TokenKind.PKCS11, PinStatus.OK, true)));
        assertThat(response).isInstanceOf(PinResponse.PinPad.class);
        Stage s = awaitWindow();
        assertThat(visible(s, "pin-pad")).isTrue();
        assertThat(text(s, "pin-pad")).startsWith("Enter the PIN on the reader's keypad");
        assertThat(visible(s, "pin")).isFalse();
        assertThat(node(s, "ok")).isNull();
        robot.type(KeyCode.ESCAPE); // nothing here can stop the reader
        Thread.sleep(200);
        assertThat(Fx.on(s::isShowing)).isTrue();
        pins.pinPadFinished();
        awaitClosed(s);
        assertThat(Fx.on(s::isShowing)).isFalse();
        ix.finish();
    }

    @Test
    void whenTheKeyIsAKeyFile_thenTheWindowSpeaksOfTheFileAndItsPassword() throws Exception {
        Interaction ix = interaction();
        PinSource pins = prompter.pinSource(ix);
        CompletableFuture<PinResponse> answer = inBackground(() -> pins.requestPin(DialogFixtures.pin(
                DialogFixtures.token("ivanova.p12", TokenKind.KEY_FILE, PinStatus.OK, false))));
        Stage s = awaitWindow();
        assertThat(s.getTitle()).isEqualTo("Pechatka — Key file password");
        assertThat(text(s, "token")).isEqualTo("Key file: ivanova.p12");
        assertThat(text(s, "ask")).contains("key file").doesNotContain("token");
        robot.write("secret").type(KeyCode.ENTER);
        assertThat(((PinResponse.Pin) answer.get(10, TimeUnit.SECONDS)).value()).containsExactly(
                "secret".toCharArray());
        ix.finish();
    }

    @Test
    void whenThePinWindowTimesOutOrTheTokenGoes_thenItClosesWithThatReason() throws Exception {
        Interaction slow = new Interaction(ORIGIN, Duration.ofMillis(1500));
        PinSource pins = prompter.pinSource(slow);
        CompletableFuture<PinResponse> timedOut = inBackground(() -> pins.requestPin(DialogFixtures.pin(AVPASS)));
        Stage s = awaitWindow();
        assertThatThrownBy(() -> timedOut.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                PechatkaException.UserTimeout.class);
        awaitClosed(s);
        assertThat(Fx.on(s::isShowing)).isFalse();
        slow.finish();

        Interaction ix = interaction();
        PinSource pins2 = prompter.pinSource(ix);
        CompletableFuture<PinResponse> removed = inBackground(() -> pins2.requestPin(DialogFixtures.pin(AVPASS)));
        Stage s2 = awaitWindow();
        ix.abort(new PechatkaException.TokenRemoved());
        assertThatThrownBy(() -> removed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                PechatkaException.TokenRemoved.class);
        awaitClosed(s2);
        assertThat(Fx.on(s2::isShowing)).isFalse();
        ix.finish();
    }

    @Test
    void keyboardOnly_tabFromThePinFieldToCancelAndEnterCancels() throws Exception {
        Interaction ix = interaction();
        PinSource pins = prompter.pinSource(ix);
        CompletableFuture<PinResponse> answer = inBackground(() -> pins.requestPin(DialogFixtures.pin(AVPASS)));
        Stage s = awaitWindow();
        robot.write("12");
        robot.type(KeyCode.TAB);
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("ok");
        robot.type(KeyCode.TAB);
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("cancel");
        robot.type(KeyCode.ENTER);
        assertCancelled(answer);
        ix.finish();
    }

    // ---- signing confirmation -------------------------------------------------------------------

    @Test
    void whenOneDocumentIsSigned_thenItsNameSizeFingerprintDescriptionAndCertificateAreShown() throws Exception {
        CompletableFuture<Object> signed = inBackground(() -> {
            prompter.confirmSigning(f.single(true), interaction());
            return "signed";
        });
        Stage s = awaitWindow();
        assertSiteFirst(s);
        assertThat(s.getTitle()).isEqualTo("Pechatka — Sign");
        assertThat(text(s, "document-name")).isEqualTo("Заява на атрыманне даведкі.pdf");
        assertThat(text(s, "fingerprint")).isEqualTo("Fingerprint: SHA-256 3F2A 9C01 77B4 E210 …");
        assertThat(text(s, "site-text")).isEqualTo("Заява ад 23.11.2026 № 1182");
        assertThat(text(s, "certificate")).isEqualTo(f.citizen.displayName());
        assertThat(visible(s, "raw-hash")).isFalse();
        assertThat(Fx.on(() -> s.getScene().getFocusOwner().getId())).isEqualTo("ok");
        robot.type(KeyCode.ENTER);
        assertThat(signed.get(10, TimeUnit.SECONDS)).isEqualTo("signed");
    }

    @Test
    void whenABatchIsSigned_thenTheWindowListsEveryDocumentWithTheCount() throws Exception {
        CompletableFuture<Object> signed = inBackground(() -> {
            prompter.confirmSigning(f.batch(), interaction());
            return "signed";
        });
        Stage s = awaitWindow();
        assertThat(text(s, "ask")).isEqualTo("asks you to sign 3 documents.");
        assertThat(text(s, "documents-title")).isEqualTo("Documents (3)");
        assertThat(Fx.on(() -> ((ListView<?>) node(s, "documents")).getItems())).hasSize(3);
        robot.type(KeyCode.ESCAPE);
        assertCancelled(signed);
    }

    @Test
    void whenOnlyAHashIsGiven_thenTheWindowWarnsItCannotShowTheDocument() throws Exception {
        CompletableFuture<Object> signed = inBackground(() -> {
            prompter.confirmSigning(f.rawHash(), interaction());
            return "signed";
        });
        Stage s = awaitWindow();
        assertThat(visible(s, "raw-hash")).isTrue();
        assertThat(text(s, "raw-hash")).contains("Pechatka cannot show you the document itself");
        robot.type(KeyCode.TAB).type(KeyCode.ENTER); // keyboard only: to Cancel, Enter
        assertCancelled(signed);
    }

    // ---- languages ----------------------------------------------------------------------------------

    static Stream<Arguments> languages() {
        return Stream.of(
                Arguments.of(Language.BE, "Дазволіць і працягнуць", "Дазволіць", "Адмена", "Падпісаць", "Сайт"),
                Arguments.of(Language.RU, "Разрешить и продолжить", "Разрешить", "Отмена", "Подписать", "Сайт"),
                Arguments.of(Language.EN, "Allow and continue", "Allow", "Cancel", "Sign", "Site"));
    }

    @ParameterizedTest
    @MethodSource("languages")
    void everyWindowSpeaksTheChosenLanguage(Language language, String allowInPicker, String allow, String cancel,
            String sign, String site) throws Exception {
        Messages.use(language);
        Interaction ix = interaction();
        CompletableFuture<CertificateChoice> chosen = inBackground(() -> prompter.chooseCertificate(
                loginWithData(f.mixed()), ix));
        Stage picker = awaitWindow();
        assertThat(text(picker, "ok")).isEqualTo(allowInPicker);
        assertThat(Fx.on(() -> labels(picker.getScene().getRoot()).get(0).getText())).isEqualTo(site);
        robot.type(KeyCode.ESCAPE);
        assertCancelled(chosen);

        CompletableFuture<Object> consent = inBackground(() -> {
            prompter.approveAttributes(ConsentRequest.of(f.head, List.of(PersonalAttribute.UNP)), interaction());
            return null;
        });
        Stage s = awaitWindow();
        assertThat(text(s, "ok")).isEqualTo(allow);
        robot.type(KeyCode.ESCAPE);
        assertCancelled(consent);

        Interaction pinIx = interaction();
        CompletableFuture<PinResponse> pin = inBackground(() -> prompter.pinSource(pinIx).requestPin(
                DialogFixtures.pin(AVPASS)));
        s = awaitWindow();
        assertThat(text(s, "cancel")).isEqualTo(cancel);
        assertThat(s.getTitle()).startsWith("Pechatka — PIN");
        robot.type(KeyCode.ESCAPE);
        assertCancelled(pin);
        pinIx.finish();

        CompletableFuture<Object> confirm = inBackground(() -> {
            prompter.confirmSigning(f.single(false), interaction());
            return null;
        });
        s = awaitWindow();
        assertThat(text(s, "ok")).isEqualTo(sign);
        robot.type(KeyCode.ESCAPE);
        assertCancelled(confirm);
    }
}
