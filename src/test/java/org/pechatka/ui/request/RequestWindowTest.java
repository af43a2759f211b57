package org.pechatka.ui.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pechatka.cert.CertificateRequests;
import org.pechatka.crypto.KeyInfo;
import org.pechatka.lifecycle.SubjectSpec;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.testing.TestCa;
import org.pechatka.testing.TestSubjects;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinSource;
import org.pechatka.token.Token;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.TokenSession;
import org.pechatka.token.file.KeyFileProvider;
import org.pechatka.token.file.Pkcs12Writer;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.certificates.CertificatesView;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.request.RequestView.FileTargets;
import org.testfx.api.FxRobot;

/**
 * The Create request window over a real SoftHSM2 token and a real key file, driven by the keyboard:
 * a new request (key made on the token, request verified by {@code openssl req -verify}, subject
 * read back field by field in the profile's order, the token's object list gaining only the new key
 * pair), a renewal (subject bytes equal to the renewed certificate's, DER chosen), the field checks
 * (nothing made), and a request with a new key file (the file opens with its password and holds the
 * key; the key file the window started on is unchanged byte for byte).
 */
class RequestWindowTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    @TempDir
    static Path tmp;

    private static final char[] FILE_PASSWORD = "file-pass".toCharArray();
    private static final AtomicReference<FileTargets.Saved> SAVE_TO = new AtomicReference<>();
    private static final AtomicReference<Path> KEY_FILE_TO = new AtomicReference<>();
    private static final FileTargets FILES = new FileTargets() {
        @Override
        public Optional<Saved> request(Stage owner, String suggestedName) {
            return Optional.ofNullable(SAVE_TO.get());
        }

        @Override
        public Optional<Path> keyFile(Stage owner, String suggestedName) {
            return Optional.ofNullable(KEY_FILE_TO.get());
        }
    };

    private static TokenRegistry registry;
    private static KeyFileProvider keyFiles;
    private static Path existingKeyFile;
    private final FxRobot robot = new FxRobot();
    private Stage stage;

    @BeforeAll
    static void start() throws Exception {
        FxPlatform.start();
        Messages.use(Language.EN);
        TestCa ca = TestCa.create("Key file CA");
        java.security.KeyPair pair = TestCa.generateKeyPair(TestCa.KeyType.EC_P256);
        existingKeyFile = tmp.resolve("existing.p12");
        Files.write(existingKeyFile, Pkcs12Writer.write(List.of(new Pkcs12Writer.Entry("mine",
                org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()),
                ca.issue(pair.getPublic(), TestSubjects.belarusCitizen()))), List.of(), FILE_PASSWORD));
        keyFiles = new KeyFileProvider(List.of(existingKeyFile), null, Duration.ofSeconds(1));
        registry = new TokenRegistry(List.of(HSM.provider(), keyFiles));
    }

    @AfterAll
    static void stop() {
        keyFiles.close();
    }

    @AfterEach
    void closeWindow() throws Exception {
        SAVE_TO.set(null);
        KEY_FILE_TO.set(null);
        if (stage != null) {
            Fx.run(stage::close);
        }
    }

    private static Token token() {
        return HSM.provider().tokens().get(0);
    }

    private static Messages texts() {
        return Messages.forScreen(RequestView.class, Language.EN);
    }

    /** The folder Pechatka finds key files in, as the app wires it; null: none. */
    private Path keyDirectory;

    private Stage open(String tokenId, java.security.cert.X509Certificate renewFrom) throws Exception {
        RequestView view = Fx.on(() -> new RequestView(new RequestViewModel(registry, null, tokenId, renewFrom), FILES,
                keyDirectory).show());
        stage = view.stage();
        ComboBox<?> key = Fx.lookup(stage, "#key");
        Fx.await("the keys", () -> key.getValue() != null);
        return stage;
    }

    /** Tabs until the focus is on {@code id} (at most 60 presses): every control is reachable by Tab. */
    private void tabTo(String id) throws Exception {
        for (int i = 0; i < 60; i++) {
            Node focused = Fx.on(() -> stage.getScene().getFocusOwner());
            if (focused != null && id.equals(focused.getId())) {
                return;
            }
            robot.type(KeyCode.TAB);
        }
        throw new AssertionError("Tab never reached " + id);
    }

    private void fill(String type, String value) throws Exception {
        tabTo("field-" + type);
        TextField f = Fx.lookup(stage, "#field-" + type);
        Fx.run(f::selectAll);
        robot.write(value);
    }

    private void enterPin() throws Exception {
        Stage d = Fx.awaitFocused("Pechatka — " + Messages.forScreen(CertificatesView.class, Language.EN)
                .get("pin.ask.title"));
        robot.write(SoftHsm.USER_PIN);
        robot.type(KeyCode.ENTER);
        Fx.await("the PIN dialog closed", () -> !d.isShowing());
    }

    private Label awaitResult() throws Exception {
        Node result = Fx.lookup(stage, "#resultScroll");
        Fx.await("the result", result::isVisible);
        return Fx.lookup(stage, "#result-file");
    }

    private static List<String> objects() throws Exception {
        return HSM.hsm().pkcs11Tool(true, List.of("--list-objects")).lines().toList();
    }

    private static String opensslVerify(Path file, boolean der) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-in", file.toString(), "-verify", "-noout",
                "-text"));
        if (der) {
            cmd.addAll(List.of("-inform", "DER"));
        }
        String out = HSM.hsm().run(cmd);
        assertThat(out).contains("verify OK");
        return out;
    }

    private static PKCS10CertificationRequest readPem(Path file) throws Exception {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
            return (PKCS10CertificationRequest) p.readObject();
        }
    }

    private static List<String> lines(X500Name subject) {
        return SubjectSpec.lines(subject).stream().map(a -> a.type() + "=" + a.value()).toList();
    }

    @Test
    void aNewRequestOnTheTokenWithTheBelarusForm() throws Exception {
        List<String> before = objects();
        open(token().id(), null);
        assertThat(stage.getTitle()).isEqualTo("Pechatka — " + texts().get("title.new"));
        assertThat(Fx.on(() -> ((ComboBox<?>) Fx.lookup(stage, "#key")).getValue().toString())).contains("EC-P256");
        fill("CN", TestSubjects.BY_CITIZEN_FULL_NAME);
        fill("SN", TestSubjects.BY_CITIZEN_SURNAME);
        fill("G", TestSubjects.BY_CITIZEN_GIVEN_NAME);
        fill("SERIALNUMBER", TestSubjects.BY_PERSONAL_NUMBER);
        fill("L", "Мінск");
        tabTo("keyLabel");
        robot.write("Portal 2026");
        Path req = tmp.resolve("new.req");
        SAVE_TO.set(new FileTargets.Saved(req, RequestViewModel.Format.PEM, false));
        robot.type(KeyCode.ENTER);
        enterPin();
        Label file = awaitResult();
        assertThat(Fx.on(file::getText)).isEqualTo(req.toAbsolutePath().toString());

        assertThat(Files.readString(req)).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        String text = opensslVerify(req, false);
        assertThat(text).contains("prime256v1");
        PKCS10CertificationRequest request = readPem(req);
        assertThat(lines(request.getSubject())).containsExactly(
                "CN=" + TestSubjects.BY_CITIZEN_FULL_NAME, "SN=" + TestSubjects.BY_CITIZEN_SURNAME,
                "G=" + TestSubjects.BY_CITIZEN_GIVEN_NAME, "SERIALNUMBER=" + TestSubjects.BY_PERSONAL_NUMBER,
                "C=BY", "L=Мінск");

        SubjectPublicKeyInfo spki = request.getSubjectPublicKeyInfo();
        try (TokenSession s = token().open(PinSource.fixed(SoftHsm.USER_PIN.toCharArray()),
                TokenSession.Access.READ_ONLY)) {
            KeyRef onToken = s.findKey(spki).orElseThrow(() -> new AssertionError("the key is not on the token"));
            String shownId = Fx.on(() -> ((Label) Fx.lookup(stage, "#resultKeyId")).getText());
            assertThat(shownId).contains(onToken.keyIdHex());
        }
        List<String> after = objects();
        List<String> gained = new ArrayList<>(after);
        for (String line : before) {
            assertThat(gained.remove(line)).as("kept: " + line).isTrue();
        }
        assertThat(String.join("\n", gained)).contains("Private Key Object").contains("Public Key Object")
                .contains("Portal 2026").doesNotContain("Certificate Object");
        assertThat(gained.stream().filter(l -> l.contains("Key Object"))).hasSize(2);

        robot.type(KeyCode.ESCAPE);
        Fx.await("the window closed", () -> !stage.isShowing());
    }

    @Test
    void aRenewalCopiesTheSubjectByteForByteAndSavesDer() throws Exception {
        java.security.cert.X509Certificate renewed = HSM.key("rsa").certificate();
        open(token().id(), renewed);
        assertThat(stage.getTitle()).isEqualTo("Pechatka — " + texts().get("title.renewal"));
        assertThat(Fx.on(() -> ((ComboBox<?>) Fx.lookup(stage, "#key")).getValue().toString()))
                .as("the renewed certificate's kind of key").contains("RSA-2048");
        assertThat(Fx.on(() -> Fx.lookup(stage, "#field-CN") == null || !Fx.lookup(stage, "#field-CN").isVisible()))
                .isTrue();
        Path req = tmp.resolve("renewal.der");
        SAVE_TO.set(new FileTargets.Saved(req, RequestViewModel.Format.DER, false));
        tabTo("create");
        robot.type(KeyCode.ENTER);
        enterPin();
        awaitResult();
        byte[] der = Files.readAllBytes(req);
        assertThat(der[0]).as("DER, not PEM").isEqualTo((byte) 0x30);
        assertThat(opensslVerify(req, true)).contains("2048 bit");
        PKCS10CertificationRequest request = CertificateRequests.read(der);
        assertThat(request.getSubject().getEncoded())
                .isEqualTo(renewed.getSubjectX500Principal().getEncoded());
    }

    @Test
    void wrongFieldsAreShownAndNothingIsMade() throws Exception {
        List<String> before = objects();
        open(token().id(), null);
        tabTo("profile-belarus");
        robot.type(KeyCode.RIGHT); // the arrow moves to Russia, as radio buttons do
        Fx.await("the Russian form", () -> {
            try {
                return Fx.lookup(stage, "#field-SNILS") != null;
            } catch (Exception e) {
                return false;
            }
        });
        fill("G", "Мария Сергеевна");
        fill("CN", "Смирнова Мария Сергеевна");
        fill("C", "Russia");
        fill("E", "mary@");
        fill("INN", "12345");
        fill("SNILS", "1234567896x");
        robot.type(KeyCode.ENTER);
        Messages t = texts();
        assertThat(error("SN")).isEqualTo(t.get("check.required"));
        assertThat(error("C")).isEqualTo(t.get("check.country"));
        assertThat(error("E")).isEqualTo(t.get("check.email"));
        assertThat(error("INN")).isEqualTo(t.get("check.digits", 12));
        assertThat(error("SNILS")).isEqualTo(t.get("check.digits", 11));
        assertThat(error("G")).isEmpty();
        assertThat(Fx.on(() -> ((Label) Fx.lookup(stage, "#status")).getText())).isEqualTo(t.get("status.fix"));
        assertThat(Fx.on(() -> stage.getScene().getFocusOwner().getId())).as("the first wrong field has the focus")
                .isEqualTo("field-SN");
        fill("SN", "Смирнова");
        assertThat(error("SN")).as("typing clears the field's message").isEmpty();
        robot.type(KeyCode.ESCAPE);
        Fx.await("the window closed", () -> !stage.isShowing());
        assertThat(objects()).isEqualTo(before);
    }

    private String error(String type) throws Exception {
        return Fx.on(() -> ((Label) Fx.lookup(stage, "#error-" + type)).getText());
    }

    @Test
    void aNewKeyFileHoldsTheKeyOnlyEncryptedAndTheOldFileStaysAsItWas() throws Exception {
        byte[] original = Files.readAllBytes(existingKeyFile);
        Token file = keyFiles.tokens().get(0);
        keyDirectory = tmp.resolve("data/keys");
        open(file.id(), null);
        assertThat(Fx.on(() -> ((Label) Fx.lookup(stage, "#targetNote")).getText()))
                .isEqualTo(texts().get("target.keyFileStart"));
        tabTo("password");
        robot.write("Short1");
        tabTo("passwordRepeat");
        robot.write("Short1");
        fill("CN", "Шыманская Вольга Пятроўна");
        fill("SN", "ШЫМАНСКАЯ");
        fill("G", "ВОЛЬГА ПЯТРОЎНА");
        robot.type(KeyCode.ENTER);
        assertThat(Fx.on(() -> ((Label) Fx.lookup(stage, "#passwordError")).getText()))
                .isEqualTo(texts().get("keyFile.tooShort"));
        tabTo("password");
        TextField first = Fx.lookup(stage, "#password");
        Fx.run(first::clear);
        robot.write("New key file 2026");
        tabTo("passwordRepeat");
        TextField repeat = Fx.lookup(stage, "#passwordRepeat");
        Fx.run(repeat::clear);
        robot.write("New key file 2026");
        Path p12 = tmp.resolve("new-key.p12");
        Path req = tmp.resolve("keyfile.req");
        KEY_FILE_TO.set(p12);
        SAVE_TO.set(new FileTargets.Saved(req, RequestViewModel.Format.PEM, false));
        robot.type(KeyCode.ENTER);
        awaitResult();

        String verified = opensslVerify(req, false);
        assertThat(verified).contains("prime256v1");
        assertThat(Files.readAllBytes(existingKeyFile)).as("the key file the window started on").isEqualTo(original);
        assertThat(Files.getPosixFilePermissions(p12)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        // openssl opens the new file with its password and finds the request's key in it
        String keyPub = HSM.hsm().run(List.of("bash", "-c", "openssl pkcs12 -in '" + p12
                + "' -nocerts -nodes -passin 'pass:New key file 2026' | openssl pkey -pubout"));
        String reqPub = HSM.hsm().run(List.of("openssl", "req", "-in", req.toString(), "-pubkey", "-noout"));
        assertThat(keyPub.strip()).endsWith(reqPub.strip());
        assertThat(HSM.hsm().run(List.of("bash", "-c", "openssl pkcs12 -in '" + p12
                + "' -nocerts -nodes -passin pass:wrong 2>&1; echo rc=$?"))).doesNotContain("rc=0");
        assertThat(Fx.on(() -> ((Label) Fx.lookup(stage, "#resultKeyId")).getText()))
                .contains(HexFormat.of().formatHex(Pkcs12Writer.localKeyId(readPem(req).getSubjectPublicKeyInfo())));
        // saved outside the folder Pechatka finds key files in: the result says so
        assertThat(Fx.on(() -> ((Label) Fx.lookup(stage, "#resultKeyPlace")).getText())).isEqualTo(
                texts().get("result.inKeyFile", p12.toAbsolutePath().normalize()) + "\n"
                        + texts().get("result.keyFileElsewhere", keyDirectory.toAbsolutePath().normalize()));

        // the same file is never written over
        Fx.run(stage::close);
        open(file.id(), null);
        tabTo("password");
        robot.write("Another key 2026");
        tabTo("passwordRepeat");
        robot.write("Another key 2026");
        fill("CN", "A");
        fill("SN", "B");
        fill("G", "C");
        byte[] written = Files.readAllBytes(p12);
        KEY_FILE_TO.set(p12);
        robot.type(KeyCode.ENTER);
        Fx.await("the refusal", () -> {
            try {
                return texts().get("keyFile.exists").equals(((Label) Fx.lookup(stage, "#status")).getText());
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(Files.readAllBytes(p12)).isEqualTo(written);
    }

    @Test
    void theKeyKindsFollowTheTokenAndTheAdministrator() throws Exception {
        RequestViewModel model = new RequestViewModel(registry, k -> !k.startsWith("RSA"), token().id(), null);
        RequestViewModel.Target onToken = new RequestViewModel.Target(token().id(), "x");
        List<RequestViewModel.KeyChoice> choices = model.keyChoices(onToken);
        assertThat(choices.stream().map(RequestViewModel.KeyChoice::protocolName))
                .as("SoftHSM2 makes EC and RSA keys, no bign or GOST").containsExactly("EC-P256", "EC-P384",
                        "RSA-2048", "RSA-3072");
        assertThat(choices.stream().filter(c -> !c.allowed()).map(RequestViewModel.KeyChoice::protocolName))
                .containsExactly("RSA-2048", "RSA-3072");
        assertThat(model.defaultKey(choices).orElseThrow().protocolName()).isEqualTo("EC-P256");
        List<RequestViewModel.KeyChoice> inFile = model.keyChoices(new RequestViewModel.Target(null, ""));
        assertThat(inFile.stream().map(RequestViewModel.KeyChoice::protocolName)).contains("BIGN-128",
                "GOST-2012-256", "GOST-2012-512");
        RequestViewModel renewal = new RequestViewModel(registry, k -> !k.startsWith("RSA"), token().id(),
                HSM.key("rsa").certificate());
        assertThat(renewal.defaultKey(choices).orElseThrow().protocolName())
                .as("a disallowed kind is never chosen, even for a renewal").isEqualTo("EC-P256");
        assertThat(KeyInfo.byProtocolName("EC-P256")).isPresent();
    }
}
