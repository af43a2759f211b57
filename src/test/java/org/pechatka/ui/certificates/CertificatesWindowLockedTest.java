package org.pechatka.ui.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.desktop.CertificateTools;
import org.pechatka.platform.NativeEnvironment;
import org.pechatka.testing.P11Shim;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;
import org.pechatka.token.PinSource;
import org.pechatka.token.TokenRegistry;
import org.pechatka.token.TokenSession;
import org.pechatka.token.pkcs11.Pkcs11Provider;
import org.pechatka.ui.Fx;
import org.pechatka.ui.FxPlatform;
import org.pechatka.ui.common.Language;
import org.pechatka.ui.common.Messages;

/**
 * The Certificates window with a locked user PIN and a token that really goes away, through the
 * fault-injection module in front of SoftHSM2 (SoftHSM2 itself never locks a PIN: the shim reports
 * {@code CKF_USER_PIN_LOCKED} in the token flags; the SO login and {@code C_InitPIN} reach the real
 * token). Removal: the shim reports the token absent and the provider's own slot monitor tells the
 * window.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificatesWindowLockedTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final long LOCKED = 0x40000;

    private static P11Shim shim;
    private static Pkcs11Provider provider;
    private static TokenRegistry registry;
    private static Stage stage;

    @BeforeAll
    static void open() throws Exception {
        FxPlatform.start();
        Messages.use(Language.EN);
        shim = new P11Shim(HSM.hsm().dir().resolve("shim-window"));
        shim.control("token-flags-set 0x" + Long.toHexString(LOCKED));
        NativeEnvironment.set(P11Shim.ENV_TARGET, SoftHsm.library().toString());
        NativeEnvironment.set(P11Shim.ENV_DIR, shim.dir().toString());
        HSM.hsm().activateInProcess();
        provider = Pkcs11Provider.load(P11Shim.library().toString(),
                new Pkcs11Provider.Options(java.time.Duration.ofMillis(200)));
        assertThat(provider.status().loaded()).as(provider.status().description()).isTrue();
        registry = new TokenRegistry(List.of(provider));
        stage = Fx.on(() -> new CertificatesView(new CertificatesViewModel(registry), CertificateTools.NONE,
                (owner, name) -> Optional.empty()).show()).stage();
        ListView<?> entries = Fx.lookup(stage, "#entries");
        Fx.await("the certificates", () -> entries.getItems().size() == 7);
    }

    @AfterAll
    static void close() throws Exception {
        if (stage != null) {
            Fx.run(stage::close);
        }
        if (registry != null) {
            registry.close();
        }
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

    private static Stage pinForm(String button, String titleKey) throws Exception {
        Button b = Fx.lookup(stage, button);
        Platform.runLater(b::fire);
        return Fx.awaitFocused("Pechatka — " + Messages.forScreen(CertificatesView.class, Language.EN).get(titleKey));
    }

    private static void fill(Stage form, String current, String next) throws Exception {
        Fx.run(() -> {
            ((PasswordField) form.getScene().lookup("#currentPin")).setText(current);
            ((PasswordField) form.getScene().lookup("#newPin")).setText(next);
            ((PasswordField) form.getScene().lookup("#repeatPin")).setText(next);
        });
        Platform.runLater(() -> ((Button) form.getScene().lookup("#pinOk")).fire());
        Fx.await("the form closed", () -> !form.isShowing());
    }

    @Test
    @Order(1)
    void showsTheLockedPinAndRefusesToChangeIt() throws Exception {
        Label pinState = Fx.lookup(stage, "#pinState");
        Fx.await("the PIN state", () -> pinState.getText().equals("PIN locked"));
        assertThat(shim.stats().get("stale_handle_uses")).as(shim.stats().toString()).isZero();
        fill(pinForm("#changePin", "pin.change.title"), SoftHsm.USER_PIN, "24680");
        awaitStatus("The PIN is locked. Unblock it with the SO PIN (PUK) or ask the issuer of your token.");
    }

    @Test
    @Order(2)
    void unblocksWithTheSoPin() throws Exception {
        fill(pinForm("#unblockPin", "pin.unblock.title"), "00000000", "24680");
        awaitStatus("The PIN is wrong.");
        fill(pinForm("#unblockPin", "pin.unblock.title"), SoftHsm.SO_PIN, "24680");
        awaitStatus("A new PIN was set. Use it from now on.");
        shim.clearControl(); // the token no longer reports the lock: C_InitPIN reset the real counter
        try {
            try (TokenSession s = provider.tokens().get(0).open(PinSource.fixed("24680".toCharArray()),
                    TokenSession.Access.READ_ONLY)) {
                assertThat(s.certificates()).isNotEmpty();
            }
        } finally {
            provider.tokens().get(0).unblockPin(SoftHsm.SO_PIN.toCharArray(), SoftHsm.USER_PIN.toCharArray());
        }
        Fx.run(() -> ((Button) stage.getScene().lookup("#refresh")).fire());
        Label pinState = Fx.lookup(stage, "#pinState");
        Fx.await("no PIN warning", () -> pinState.getText().isEmpty());
        ListView<?> entries = Fx.lookup(stage, "#entries");
        Fx.await("the certificates read again", () -> entries.getItems().size() == 7);
        assertThat(shim.stats().get("stale_handle_uses")).as(shim.stats().toString()).isZero();
    }

    @Test
    @Order(3)
    void followsTheTokenWhenItIsPulledOutAndPutBack() throws Exception {
        shim.control("removed");
        awaitStatus("The token was removed.");
        ListView<?> tokens = Fx.lookup(stage, "#tokens");
        ListView<?> entries = Fx.lookup(stage, "#entries");
        Fx.await("the lists emptied", () -> tokens.getItems().isEmpty() && entries.getItems().isEmpty());
        shim.clearControl();
        Fx.await("the token back", () -> tokens.getItems().size() == 1);
        Fx.await("its certificates back", () -> entries.getItems().size() == 7);
        assertThat(shim.stats().get("stale_handle_uses_after_reinsert")).as(shim.stats().toString()).isZero();
        assertThat(shim.stats().get("stale_handle_uses")).as(shim.stats().toString()).isZero();
    }
}
