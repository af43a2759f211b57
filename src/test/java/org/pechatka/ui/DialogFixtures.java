package org.pechatka.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.KeyStatus;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinStatus;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;

/**
 * Certificates, tokens and requests for the dialog tests and the screenshot script: real
 * certificates from a test CA (a citizen, a head of an organisation, an expired and a not yet valid
 * one, a Russian citizen), and helpers to find, read and photograph Pechatka's windows.
 */
final class DialogFixtures {

    static final String ORIGIN = "https://portal.gov.by";
    static final String REASON = "Уваход у асабісты кабінет плацельшчыка";

    final CertificateView citizen;
    final CertificateView head;
    final CertificateView expired;
    final CertificateView notYetValid;
    final CertificateView russian;
    final CertificateView caView;

    DialogFixtures() {
        TestCa ca = TestCa.create("Рэспубліканскі ўдасведчальны цэнтр ГосСУОК (тэст)");
        caView = view(ca.caCertificate());
        citizen = view(ca.issue(key().getPublic(), TestSubjects.belarusCitizen()));
        head = view(ca.issue(key().getPublic(), TestSubjects.belarusHeadOfOrganisation()));
        Instant now = Instant.now();
        expired = view(ca.issue(key().getPublic(), TestSubjects.belarusCitizen(),
                b -> b.withValidity(now.minus(Duration.ofDays(800)), now.minus(Duration.ofDays(70)))));
        notYetValid = view(ca.issue(key().getPublic(), TestSubjects.belarusCitizen(),
                b -> b.withValidity(now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(733)))));
        russian = view(ca.issue(key().getPublic(), TestSubjects.russianCitizen(),
                b -> b.withKeyUsage(KeyUsage.nonRepudiation)
                        .withExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection.toOID())));
    }

    private static KeyPair key() {
        return TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
    }

    private static CertificateView view(X509Certificate c) {
        try {
            return CertificateView.of(c);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static CertificateChoice choice(CertificateView v, String token, TokenKind kind, PinStatus pin,
            CertificateChoice.Problem problem) {
        return new CertificateChoice(new TokenCertificate("t-" + token, v.certificate(), new byte[] {1}, "",
                KeyStatus.PROBABLE), v, token, kind, pin, v.validity(Instant.now()), problem);
    }

    static CertificateChoice usable(CertificateView v, String token) {
        return choice(v, token, TokenKind.PKCS11, PinStatus.OK, null);
    }

    /** The list a person with several tokens might see: usable, final PIN try, expired, not yet valid, locked. */
    List<CertificateChoice> mixed() {
        return List.of(
                usable(citizen, "AvPass 0001"),
                choice(head, "AvToken 0002", TokenKind.PKCS11, new PinStatus(true, true, false, false), null),
                choice(expired, "AvPass 0001", TokenKind.PKCS11, PinStatus.OK, CertificateChoice.Problem.EXPIRED),
                choice(notYetValid, "AvPass 0001", TokenKind.PKCS11, PinStatus.OK,
                        CertificateChoice.Problem.NOT_YET_VALID),
                choice(russian, "Rutoken 0003", TokenKind.PKCS11, new PinStatus(true, false, true, false),
                        CertificateChoice.Problem.PIN_LOCKED));
    }

    /** A list after checking chains against the trust store: trusted, revoked, untrusted root, unchecked revocation. */
    List<CertificateChoice> withTrust() {
        return List.of(
                usable(citizen, "AvPass 0001").withChain(org.pechatka.cert.ChainValidation.Status.VALID),
                usable(head, "AvToken 0002").withChain(org.pechatka.cert.ChainValidation.Status.REVOKED),
                usable(russian, "Rutoken 0003").withChain(org.pechatka.cert.ChainValidation.Status.UNTRUSTED_ROOT),
                choice(citizen, "AvPass 0004", TokenKind.PKCS11, new PinStatus(true, true, false, false), null)
                        .withChain(org.pechatka.cert.ChainValidation.Status.UNKNOWN_REVOCATION));
    }

    /** Every interaction handed out, so a failed test can end what it left open. */
    static final List<Interaction> CREATED = new CopyOnWriteArrayList<>();

    static Interaction interaction() {
        Interaction ix = new Interaction(ORIGIN, Duration.ofSeconds(60));
        CREATED.add(ix);
        return ix;
    }

    /** Ends every interaction still open (their windows close). */
    static void endAll() {
        for (Interaction ix : CREATED) {
            ix.abort(new PechatkaException.UserCancelled());
            ix.finish();
        }
        CREATED.clear();
    }

    /** Candidates a test can change while the picker is open, as tokens come and go. */
    static final class LiveCandidates implements PickerRequest.Candidates {
        private volatile List<CertificateChoice> now;
        private final List<Consumer<List<CertificateChoice>>> listeners = new CopyOnWriteArrayList<>();

        LiveCandidates(List<CertificateChoice> initial) {
            this.now = List.copyOf(initial);
        }

        @Override
        public List<CertificateChoice> current() {
            return now;
        }

        @Override
        public Runnable subscribe(Consumer<List<CertificateChoice>> onChange) {
            listeners.add(onChange);
            return () -> listeners.remove(onChange);
        }

        void change(List<CertificateChoice> next) {
            now = List.copyOf(next);
            listeners.forEach(l -> l.accept(now));
        }

        int subscribers() {
            return listeners.size();
        }
    }

    static PickerRequest picker(PickerRequest.Purpose purpose, String reason, List<CertificateChoice> choices,
            PersonalAttribute... attributes) {
        return new PickerRequest(purpose, reason, new LiveCandidates(choices), List.of(attributes));
    }

    static TokenInfo token(String label, TokenKind kind, PinStatus pin, boolean pinPad) {
        return new TokenInfo("t-" + label, kind, label, "AVEST", "AvPass", "1", true, true, pinPad, pin, "");
    }

    static PinRequest pin(TokenInfo token) {
        return new PinRequest(token, PinRequest.Kind.USER_LOGIN, null, token.protectedAuthPath(), null);
    }

    SigningRequest single(boolean withDescription) {
        return new SigningRequest(citizen, List.of(new SigningRequest.Document("Заява на атрыманне даведкі.pdf",
                48_213, "SHA-256 3F2A 9C01 77B4 E210 …")), withDescription ? "Заява ад 23.11.2026 № 1182" : null,
                false);
    }

    /** A new request: the subject typed by the site in the Belarus order, with a challenge password. */
    org.pechatka.prompt.CsrRequest newCsr() {
        return new org.pechatka.prompt.CsrRequest("AvPass 0001", "EC P-256", List.of(
                new org.pechatka.prompt.CsrRequest.SubjectLine("CN", "ALES LABADZENKA"),
                new org.pechatka.prompt.CsrRequest.SubjectLine("SN", TestSubjects.BY_CITIZEN_SURNAME),
                new org.pechatka.prompt.CsrRequest.SubjectLine("G", TestSubjects.BY_CITIZEN_GIVEN_NAME),
                new org.pechatka.prompt.CsrRequest.SubjectLine("SERIALNUMBER", "PNOBY-" + TestSubjects.BY_PERSONAL_NUMBER),
                new org.pechatka.prompt.CsrRequest.SubjectLine("C", "BY"),
                new org.pechatka.prompt.CsrRequest.SubjectLine("L", "Мінск")), true, null);
    }

    /** A renewal of the citizen's certificate: its subject, copied. */
    org.pechatka.prompt.CsrRequest renewalCsr() {
        return new org.pechatka.prompt.CsrRequest("AvPass 0001", "bign 128 (bign-curve256v1)",
                org.pechatka.lifecycle.SubjectSpec.lines(org.bouncycastle.asn1.x500.X500Name.getInstance(
                        citizen.certificate().getSubjectX500Principal().getEncoded())).stream()
                        .map(a -> new org.pechatka.prompt.CsrRequest.SubjectLine(a.type(), a.value())).toList(),
                false, citizen);
    }

    /** The head's certificate to store, with the issuing CA beside it. */
    org.pechatka.prompt.ImportRequest certImport(boolean withCa) {
        return new org.pechatka.prompt.ImportRequest("AvToken 0002", head, withCa ? List.of(caView) : List.of());
    }

    SigningRequest batch() {
        return new SigningRequest(head, List.of(
                new SigningRequest.Document("Рахунак-фактура № 14.pdf", 120_334, "SHA-256 0A1B 2C3D 4E5F 6071 …"),
                new SigningRequest.Document("Акт выкананых работ № 14.pdf", 86_020, "SHA-256 9F8E 7D6C 5B4A 3928 …"),
                new SigningRequest.Document("Дагавор пастаўкі № 7-2026.docx", 2_401_113,
                        "SHA-256 1122 3344 5566 7788 …")), null, false);
    }

    SigningRequest rawHash() {
        return new SigningRequest(russian, List.of(new SigningRequest.Document("Декларация 3-НДФЛ за 2026 год", -1,
                "SHA-256 77AB 01CD 9E3F 4410 …")), "Подпись декларации", true);
    }

    // ---- windows --------------------------------------------------------------------------------

    static List<Stage> showing() throws Exception {
        return Fx.on(() -> Window.getWindows().stream().filter(w -> w instanceof Stage s && s.isShowing())
                .map(w -> (Stage) w).toList());
    }

    /** Waits for a showing, focused Pechatka window, and lets its layout settle. */
    static Stage awaitWindow() throws Exception {
        for (int i = 0; i < 300; i++) {
            Stage s = Fx.on(() -> Window.getWindows().stream()
                    .filter(w -> w instanceof Stage st && st.isShowing() && st.getTitle() != null
                            && st.getTitle().startsWith("Pechatka") && st.isFocused())
                    .map(w -> (Stage) w).findFirst().orElse(null));
            if (s != null) {
                Thread.sleep(150);
                return s;
            }
            Thread.sleep(30);
        }
        throw new AssertionError("no focused Pechatka window; showing: " + showing());
    }

    static void awaitClosed(Stage s) throws Exception {
        for (int i = 0; i < 200 && Fx.on(s::isShowing); i++) {
            Thread.sleep(20);
        }
    }

    static Node node(Stage s, String id) throws Exception {
        return Fx.on(() -> s.getScene().lookup("#" + id));
    }

    static String text(Stage s, String id) throws Exception {
        return Fx.on(() -> {
            Node n = s.getScene().lookup("#" + id);
            if (n == null) {
                throw new AssertionError("no #" + id);
            }
            return ((Labeled) n).getText();
        });
    }

    static boolean visible(Stage s, String id) throws Exception {
        return Fx.on(() -> {
            Node n = s.getScene().lookup("#" + id);
            return n != null && n.isVisible() && (n.getParent() == null || n.getParent().isVisible());
        });
    }

    /**
     * After each dialog test: back to English, every window closed and no request left pending; a
     * window a failed test left open is closed first, so it does not spoil the next test.
     */
    static void assertEverythingClosed(PendingRequests pending) throws Exception {
        Messages.use(Language.EN);
        Thread.sleep(100);
        List<Stage> left = showing();
        endAll();
        for (int i = 0; i < 100 && !showing().isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(left).as("every window closed").isEmpty();
        assertThat(Fx.on(pending::count)).as("no request pending").isZero();
    }

    /** The prompter call ended with "the user cancelled" (within 10 s). */
    static void assertCancelled(CompletableFuture<?> call) {
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PechatkaException.UserCancelled.class);
    }

    /** Every label below {@code root}, in document order (call on the JavaFX thread). */
    static List<Label> labels(Parent root) {
        List<Label> out = new ArrayList<>();
        for (Node n : root.getChildrenUnmodifiable()) {
            if (n instanceof Label l) {
                out.add(l);
            }
            if (n instanceof Parent p) {
                out.addAll(labels(p));
            }
        }
        return out;
    }

    /** Runs a prompter call in the background, as the protocol layer does. */
    static <T> CompletableFuture<T> inBackground(Callable<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    static PechatkaException.PinIncorrect wrongPin(Integer retriesLeft, boolean finalTry) {
        return new PechatkaException.PinIncorrect(retriesLeft, finalTry);
    }
}
