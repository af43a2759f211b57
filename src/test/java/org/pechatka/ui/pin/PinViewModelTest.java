package org.pechatka.ui.pin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinStatus;
import org.pechatka.token.TokenInfo;
import org.pechatka.token.TokenKind;

/** What the PIN window shows, from the token's flags and the previous answer. */
class PinViewModelTest {

    private static TokenInfo token(TokenKind kind, PinStatus pin, boolean pinPad) {
        return new TokenInfo("t", kind, "AvPass 0001", "", "", "", true, true, pinPad, pin, "");
    }

    private static PinRequest request(TokenInfo t) {
        return new PinRequest(t, PinRequest.Kind.USER_LOGIN, null, t.protectedAuthPath(), null);
    }

    @Test
    void whenAskedFirst_thenEntryWithTheTokensWarning() {
        PinViewModel m = new PinViewModel();
        m.ask(request(token(TokenKind.PKCS11, PinStatus.OK, false)), null);
        assertThat(m.mode()).isEqualTo(PinViewModel.Mode.ENTRY);
        assertThat(m.warning()).isEqualTo(PinViewModel.Warning.NONE);
        assertThat(m.failure()).isEqualTo(PinViewModel.Failure.NONE);
        m.ask(request(token(TokenKind.PKCS11, new PinStatus(true, false, false, false), false)), null);
        assertThat(m.warning()).isEqualTo(PinViewModel.Warning.COUNT_LOW);
        m.ask(request(token(TokenKind.PKCS11, new PinStatus(true, true, false, false), false)), null);
        assertThat(m.warning()).isEqualTo(PinViewModel.Warning.FINAL_TRY);
        assertThat(m.keyFile()).isFalse();
    }

    @Test
    void whenThePreviousPinWasWrong_thenTheErrorSaysHowManyTriesAreLeft() {
        PinViewModel m = new PinViewModel();
        TokenInfo t = token(TokenKind.PKCS11, new PinStatus(true, false, false, false), false);
        m.ask(request(t).afterFailure(t, new PechatkaException.PinIncorrect(null, false)), null);
        assertThat(m.failure()).isEqualTo(PinViewModel.Failure.WRONG);
        assertThat(m.warning()).as("the error says it already").isEqualTo(PinViewModel.Warning.NONE);
        m.ask(request(t).afterFailure(t, new PechatkaException.PinIncorrect(2, false)), null);
        assertThat(m.failure()).isEqualTo(PinViewModel.Failure.WRONG_RETRIES_KNOWN);
        assertThat(m.retriesLeft()).isEqualTo(2);
        m.ask(request(t).afterFailure(t, new PechatkaException.PinIncorrect(1, true)), null);
        assertThat(m.failure()).isEqualTo(PinViewModel.Failure.WRONG_FINAL_TRY);
    }

    @Test
    void pinPadCheckingAndLockedAreTheirOwnModes() {
        PinViewModel m = new PinViewModel();
        m.ask(request(token(TokenKind.PKCS11, PinStatus.OK, true)), null);
        assertThat(m.mode()).isEqualTo(PinViewModel.Mode.PIN_PAD);
        m.checking();
        assertThat(m.mode()).as("a PIN pad is not checked here").isEqualTo(PinViewModel.Mode.PIN_PAD);
        m.ask(request(token(TokenKind.PKCS11, PinStatus.OK, false)), null);
        m.checking();
        assertThat(m.mode()).isEqualTo(PinViewModel.Mode.CHECKING);
        m.locked(request(token(TokenKind.PKCS11, new PinStatus(true, false, true, false), false)), null);
        assertThat(m.mode()).isEqualTo(PinViewModel.Mode.LOCKED);
        assertThat(m.warning()).isEqualTo(PinViewModel.Warning.NONE);
    }

    @Test
    void aKeyFileIsNamedAsAFile() {
        PinViewModel m = new PinViewModel();
        m.ask(new PinRequest(new TokenInfo("f", TokenKind.KEY_FILE, "ivanova.p12", "", "", "", true, true, false,
                PinStatus.OK, ""), PinRequest.Kind.USER_LOGIN, null, false, null), null);
        assertThat(m.keyFile()).isTrue();
        assertThat(m.tokenName()).isEqualTo("ivanova.p12");
        assertThat(m.everySignature()).isFalse();
    }
}
