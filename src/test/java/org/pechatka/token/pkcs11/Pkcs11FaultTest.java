package org.pechatka.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pechatka.crypto.SignatureAlgorithms;
import org.pechatka.error.PechatkaException;
import org.pechatka.platform.NativeEnvironment;
import org.pechatka.token.KeyRef;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinSource;
import org.pechatka.token.SignInput;
import org.pechatka.token.Token;
import org.pechatka.token.TokenEvent;
import org.pechatka.token.TokenSession;
import org.pechatka.testing.P11Shim;
import org.pechatka.testing.ScriptedPins;
import org.pechatka.testing.SignatureCheck;
import org.pechatka.testing.SoftHsm;
import org.pechatka.testing.SoftHsmExtension;

/**
 * The PKCS#11 adapter against a misbehaving token: the fault-injection module forwards to a real
 * SoftHSM2 token and injects removals, PIN states, errors and delays, and counts every call.
 */
class Pkcs11FaultTest {

    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.standard();

    private static final byte[] DATA = "документ".getBytes(StandardCharsets.UTF_8);
    private static final long LOCKED = 0x40000;
    private static final long FINAL_TRY = 0x20000;
    private static final long COUNT_LOW = 0x10000;
    private static final long PIN_PAD = 0x100;

    private P11Shim shim;
    private Pkcs11Provider provider;

    @BeforeEach
    void loadShim() throws Exception {
        shim = new P11Shim(HSM.hsm().dir().resolve("shim-" + System.nanoTime()));
        shim.clearControl();
        NativeEnvironment.set(P11Shim.ENV_TARGET, SoftHsm.library().toString());
        NativeEnvironment.set(P11Shim.ENV_DIR, shim.dir().toString());
        HSM.hsm().activateInProcess();
        provider = load(Pkcs11Provider.Options.DEFAULT);
    }

    private static Pkcs11Provider load(Pkcs11Provider.Options options) {
        Pkcs11Provider p = Pkcs11Provider.load(P11Shim.library().toString(), options);
        assertThat(p.status().loaded()).as(p.status().description()).isTrue();
        return p;
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private Token token() {
        List<Token> tokens = provider.tokens();
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }

    private static KeyRef ec() {
        SoftHsmExtension.FixtureKey k = HSM.key("ec");
        return new KeyRef(HexFormat.of().parseHex(k.idHex()), k.publicKey());
    }

    private static PinSource pin() {
        return PinSource.fixed(SoftHsm.USER_PIN.toCharArray());
    }

    @Test
    void whenPinIsLocked_thenPinLockedWithoutAnyLoginOrPinDialog() throws Exception {
        Token token = token();
        shim.control("token-flags-set 0x" + Long.toHexString(LOCKED));
        P11Shim.Stats before = shim.snapshot();
        ScriptedPins pins = new ScriptedPins(SoftHsm.USER_PIN);
        assertThatThrownBy(() -> token.open(pins, TokenSession.Access.READ_ONLY))
                .isInstanceOf(PechatkaException.PinLocked.class)
                .satisfies(e -> assertThat(((PechatkaException) e).reason().code()).isEqualTo(2002));
        assertThat(shim.stats().minus(before).get("C_Login")).isZero();
        assertThat(pins.requests()).isEmpty();
        assertThat(token.info().pin().locked()).isTrue();
    }

    @Test
    void whenWrongPinOnTheFinalTry_thenPinIncorrectSaysSoAndOneLoginPerEntry() throws Exception {
        Token token = token();
        shim.control("fail C_Login CKR_PIN_INCORRECT times 2",
                "token-flags-set 0x" + Long.toHexString(COUNT_LOW | FINAL_TRY));
        P11Shim.Stats before = shim.snapshot();
        ScriptedPins pins = new ScriptedPins("1111", "2222", SoftHsm.USER_PIN);
        try (TokenSession s = token.open(pins, TokenSession.Access.READ_ONLY)) {
            assertThat(s.certificates()).isNotEmpty();
        }
        assertThat(shim.stats().minus(before).get("C_Login")).isEqualTo(3);
        List<PinRequest> requests = pins.requests();
        assertThat(requests).hasSize(3);
        PechatkaException.PinIncorrect failure = requests.get(1).previousFailure();
        assertThat(failure.finalTry()).isTrue();
        assertThat(failure.retriesLeft()).isEqualTo(1);
        assertThat(failure.data()).containsEntry("finalTry", true).containsEntry("retriesLeft", 1);
        assertThat(requests.get(0).token().pin().finalTry()).isTrue();
    }

    @Test
    void whenWrongPinAndTheSourceCannotAskAgain_thenExactlyOneLogin() throws Exception {
        Token token = token();
        shim.control("fail C_Login CKR_PIN_INCORRECT", "token-flags-set 0x" + Long.toHexString(COUNT_LOW));
        P11Shim.Stats before = shim.snapshot();
        assertThatThrownBy(() -> token.open(pin(), TokenSession.Access.READ_ONLY))
                .isInstanceOfSatisfying(PechatkaException.PinIncorrect.class, e -> {
                    assertThat(e.finalTry()).isFalse();
                    assertThat(e.retriesLeft()).isNull();
                });
        assertThat(shim.stats().minus(before).get("C_Login")).isEqualTo(1);
    }

    @Test
    void whenLoginLocksTheToken_thenPinLocked() throws Exception {
        Token token = token();
        shim.control("fail C_Login CKR_PIN_LOCKED");
        assertThatThrownBy(() -> token.open(new ScriptedPins("1111"), TokenSession.Access.READ_ONLY))
                .isInstanceOf(PechatkaException.PinLocked.class);
    }

    @Test
    void whenTokenRemovedMidSign_thenTokenRemovedAndNoStaleHandleIsEverReused() throws Exception {
        Token token = token();
        shim.control("remove-on C_Sign");
        TokenSession session = token.open(pin(), TokenSession.Access.READ_ONLY);
        assertThatThrownBy(() -> session.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA)))
                .isInstanceOf(PechatkaException.TokenRemoved.class)
                .satisfies(e -> assertThat(((PechatkaException) e).reason().code()).isEqualTo(3002));
        // the session is dead: further use fails at once, without calling the module
        P11Shim.Stats afterRemoval = shim.snapshot();
        assertThatThrownBy(() -> session.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA)))
                .isInstanceOf(PechatkaException.TokenRemoved.class);
        session.close();
        assertThat(shim.stats().minus(afterRemoval).get("C_SignInit")).isZero();
        assertThat(shim.stats().minus(afterRemoval).get("C_Logout")).isZero();
        assertThat(provider.tokens()).isEmpty();
        assertThatThrownBy(token::info).isInstanceOf(PechatkaException.TokenNotPresent.class);

        shim.clearControl(); // reinserted
        List<Token> again = provider.tokens();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).id()).isEqualTo(token.id());
        try (TokenSession s = again.get(0).open(pin(), TokenSession.Access.READ_ONLY)) {
            byte[] raw = s.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_ECDSA, HSM.key("ec").publicKey(), DATA, raw))
                    .isTrue();
        }
        assertThat(shim.stats().get("stale_handle_uses_after_reinsert")).isZero();
        assertThat(shim.stats().get("stale_handle_uses")).isZero();
    }

    @Test
    void whenTokenAbsentAtOpen_thenTokenNotPresent() throws Exception {
        Token token = token();
        shim.control("fail C_OpenSession CKR_TOKEN_NOT_PRESENT");
        assertThatThrownBy(() -> token.open(pin(), TokenSession.Access.READ_ONLY))
                .isInstanceOf(PechatkaException.TokenNotPresent.class)
                .satisfies(e -> assertThat(((PechatkaException) e).reason().code()).isEqualTo(3001));
    }

    @Test
    void whenSessionHandleBecomesInvalid_thenTokenRemoved() throws Exception {
        Token token = token();
        try (TokenSession s = token.open(pin(), TokenSession.Access.READ_ONLY)) {
            shim.control("fail C_SignInit CKR_SESSION_HANDLE_INVALID");
            assertThatThrownBy(() -> s.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA)))
                    .isInstanceOf(PechatkaException.TokenRemoved.class);
        }
    }

    @Test
    void whenTokenFailsOtherwise_thenTokenErrorNamesTheCode() throws Exception {
        Token token = token();
        try (TokenSession s = token.open(pin(), TokenSession.Access.READ_ONLY)) {
            shim.control("fail C_Sign CKR_DEVICE_ERROR");
            assertThatThrownBy(() -> s.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA)))
                    .isInstanceOfSatisfying(PechatkaException.TokenFailure.class, e -> {
                        assertThat(e.ckr()).isEqualTo("CKR_DEVICE_ERROR");
                        assertThat(e.data()).containsEntry("ckr", "CKR_DEVICE_ERROR");
                        assertThat(e.reason().code()).isEqualTo(3004);
                    });
        }
        // not a removal: the token stays
        assertThat(provider.tokens()).hasSize(1);
    }

    @Test
    void whenModuleCannotLock_thenItRunsSerialisedAndStillSigns() throws Exception {
        provider.close();
        shim.control("cant-lock");
        provider = load(Pkcs11Provider.Options.DEFAULT);
        assertThat(provider.osLocking()).isFalse();
        assertThat(provider.status().notes()).anySatisfy(n -> assertThat(n).contains("OS locking"));
        try (TokenSession s = token().open(pin(), TokenSession.Access.READ_ONLY)) {
            byte[] raw = s.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            assertThat(SignatureCheck.jca(SignatureAlgorithms.SHA256_ECDSA, HSM.key("ec").publicKey(), DATA, raw))
                    .isTrue();
        }
        assertThat(shim.stats().get("initialize_nolock")).isPositive();
    }

    @Test
    void whenProviderClosedTwice_thenFinalizeIsCalledExactlyOnce() {
        token();
        P11Shim.Stats before = shim.snapshot();
        provider.close();
        provider.close();
        assertThat(shim.stats().minus(before).get("C_Finalize")).isEqualTo(1);
        assertThat(provider.tokens()).isEmpty();
        provider = null;
    }

    @Test
    void whenTokenHasAPinPad_thenLoginWithoutPinAndTheDialogSaysSo() throws Exception {
        Token token = token();
        shim.control("token-flags-set 0x" + Long.toHexString(PIN_PAD), "pinpad-pin " + SoftHsm.USER_PIN);
        P11Shim.Stats before = shim.snapshot();
        ScriptedPins pins = new ScriptedPins(ScriptedPins.PIN_PAD);
        try (TokenSession s = token.open(pins, TokenSession.Access.READ_ONLY)) {
            byte[] raw = s.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            assertThat(raw).hasSize(64);
        }
        assertThat(pins.requests()).singleElement().satisfies(r -> assertThat(r.pinPad()).isTrue());
        assertThat(pins.pinPadFinishedCount()).isEqualTo(1);
        P11Shim.Stats d = shim.stats().minus(before);
        assertThat(d.get("login_null_pin")).isEqualTo(1);
        assertThat(d.get("C_Login")).isEqualTo(1);
    }

    @Test
    void whenPinPadCancelled_thenUserCancelled() throws Exception {
        Token token = token();
        shim.control("token-flags-set 0x" + Long.toHexString(PIN_PAD), "fail C_Login CKR_FUNCTION_CANCELED");
        assertThatThrownBy(() -> token.open(new ScriptedPins(ScriptedPins.PIN_PAD), TokenSession.Access.READ_ONLY))
                .isInstanceOf(PechatkaException.UserCancelled.class);
    }

    @Test
    void whenWrongPinOnAPinPad_thenPinIncorrectWithoutAskingAgain() throws Exception {
        Token token = token();
        shim.control("token-flags-set 0x" + Long.toHexString(PIN_PAD), "fail C_Login CKR_PIN_INCORRECT");
        ScriptedPins pins = new ScriptedPins(ScriptedPins.PIN_PAD, ScriptedPins.PIN_PAD);
        assertThatThrownBy(() -> token.open(pins, TokenSession.Access.READ_ONLY))
                .isInstanceOf(PechatkaException.PinIncorrect.class);
        assertThat(pins.requests()).hasSize(1);
    }

    @Test
    void whenTokenRemovedAndReinserted_thenEventsArePublished() throws Exception {
        provider.close();
        provider = load(new Pkcs11Provider.Options(Duration.ofMillis(50)));
        List<TokenEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch inserted = new CountDownLatch(2);
        CountDownLatch removed = new CountDownLatch(1);
        provider.watch(e -> {
            events.add(e);
            if (e instanceof TokenEvent.Inserted) {
                inserted.countDown();
            } else {
                removed.countDown();
            }
        });
        String id = token().id();
        shim.control("removed");
        assertThat(removed.await(5, TimeUnit.SECONDS)).isTrue();
        shim.clearControl();
        assertThat(inserted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(events).extracting(TokenEvent::tokenId).containsOnly(id);
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsSubsequence("Inserted", "Removed",
                "Inserted");
    }

    @Test
    void whenTwoOperationsUseOneToken_thenTheSecondWaitsForTheFirst() throws Exception {
        Token token = token();
        shim.control("delay C_Sign 300");
        CountDownLatch firstOpen = new CountDownLatch(1);
        CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> {
            try (TokenSession s = token.open(pin(), TokenSession.Access.READ_ONLY)) {
                firstOpen.countDown();
                s.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
                return System.nanoTime();
            } catch (PechatkaException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(firstOpen.await(5, TimeUnit.SECONDS)).isTrue();
        long secondOpened;
        try (TokenSession s = token.open(pin(), TokenSession.Access.READ_ONLY)) {
            secondOpened = System.nanoTime();
            s.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
        }
        long firstDone = first.get(10, TimeUnit.SECONDS);
        // the second session was opened only after the first had signed and closed
        assertThat(secondOpened).isGreaterThan(firstDone);
        assertThat(shim.stats().get("open_sessions")).isZero();
    }

    @Test
    void whenEveryOperationEnds_thenSessionsAreClosedAndLoggedOut() throws Exception {
        Token token = token();
        P11Shim.Stats before = shim.snapshot();
        for (int i = 0; i < 3; i++) {
            try (TokenSession s = token.open(pin(), TokenSession.Access.READ_ONLY)) {
                s.sign(ec(), SignatureAlgorithms.SHA256_ECDSA, SignInput.data(DATA));
            }
        }
        token.certificates();
        P11Shim.Stats d = shim.stats().minus(before);
        assertThat(d.get("C_Login")).isEqualTo(3);
        assertThat(d.get("C_Logout")).isEqualTo(3);
        assertThat(d.get("C_OpenSession")).isEqualTo(d.get("C_CloseSession"));
        assertThat(shim.stats().get("open_sessions")).isZero();
    }

    static Path dir() {
        return HSM.hsm().dir();
    }
}
