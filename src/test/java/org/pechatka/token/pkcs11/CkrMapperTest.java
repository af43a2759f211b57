package org.pechatka.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pechatka.error.ErrorReason;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.pkcs11.CkrMapper.Phase;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

class CkrMapperTest {

    private static final long CKR_DEVICE_REMOVED = 0x32L;
    private static final long CKR_TOKEN_NOT_PRESENT = 0xE0L;
    private static final long CKR_SESSION_HANDLE_INVALID = 0xB3L;
    private static final long CKR_SESSION_CLOSED = 0xB0L;
    private static final List<Long> REMOVAL = List.of(CKR_DEVICE_REMOVED, CKR_TOKEN_NOT_PRESENT,
            CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED);

    private static final List<String> OPERATIONS = List.of("sign", "read the token", "open a session", "log in",
            "read certificates", "find the key", "generate a key", "store the certificate", "initialise the token");

    private static PechatkaException map(long ckr) {
        return CkrMapper.map(ckr, Phase.DURING, "sign", null);
    }

    @Test
    void whenRemovalCodeAtStart_thenTokenNotPresent() {
        for (long ckr : REMOVAL) {
            PechatkaException e = CkrMapper.map(ckr, Phase.START, "open a session", null);
            assertThat(e).as(CkrMapper.name(ckr)).isExactlyInstanceOf(PechatkaException.TokenNotPresent.class);
            assertThat(e.reason()).isEqualTo(ErrorReason.TOKEN_NOT_PRESENT);
            assertThat(e.reason().code()).isEqualTo(3001);
            assertThat(CkrMapper.tokenGone(ckr)).isTrue();
        }
    }

    @Test
    void whenRemovalCodeDuringOperation_thenTokenRemoved() {
        for (long ckr : REMOVAL) {
            PechatkaException e = CkrMapper.map(ckr, Phase.DURING, "sign", null);
            assertThat(e).as(CkrMapper.name(ckr)).isExactlyInstanceOf(PechatkaException.TokenRemoved.class);
            assertThat(e.reason()).isEqualTo(ErrorReason.TOKEN_REMOVED);
            assertThat(e.reason().code()).isEqualTo(3002);
        }
    }

    @Test
    void whenRemovalCodesNamed_thenTheyAreTheOasisOnes() {
        assertThat(REMOVAL).extracting(CkrMapper::name).containsExactly("CKR_DEVICE_REMOVED", "CKR_TOKEN_NOT_PRESENT",
                "CKR_SESSION_HANDLE_INVALID", "CKR_SESSION_CLOSED");
        assertThat(CkrMapper.tokenGone(PKCS11Constants.CKR_DEVICE_ERROR)).isFalse();
        assertThat(CkrMapper.tokenGone(PKCS11Constants.CKR_TOKEN_NOT_RECOGNIZED)).isFalse();
    }

    @Test
    void whenPinIncorrect_thenPinIncorrectWithoutRetriesAndNotFinal() {
        PechatkaException e = map(PKCS11Constants.CKR_PIN_INCORRECT);

        assertThat(e).isExactlyInstanceOf(PechatkaException.PinIncorrect.class);
        PechatkaException.PinIncorrect pin = (PechatkaException.PinIncorrect) e;
        assertThat(pin.retriesLeft()).isNull();
        assertThat(pin.finalTry()).isFalse();
        assertThat(e.reason()).isEqualTo(ErrorReason.PIN_INCORRECT);
        assertThat(e.reason().code()).isEqualTo(2001);
        assertThat(e.getMessage()).isEqualTo("Incorrect PIN");
        assertThat(e.data()).containsExactly(Map.entry("finalTry", false));
    }

    @Test
    void whenPinLengthOutOfRange_thenPinIncorrectSayingTheLengthIsWrong() {
        PechatkaException e = map(PKCS11Constants.CKR_PIN_LEN_RANGE);

        assertThat(e).isExactlyInstanceOf(PechatkaException.PinIncorrect.class);
        assertThat(e.reason().code()).isEqualTo(2001);
        assertThat(e.getMessage()).isEqualTo("The PIN has the wrong length");
        assertThat(((PechatkaException.PinIncorrect) e).retriesLeft()).isNull();
    }

    @Test
    void whenPinLocked_thenPinLocked() {
        PechatkaException e = map(PKCS11Constants.CKR_PIN_LOCKED);

        assertThat(e).isExactlyInstanceOf(PechatkaException.PinLocked.class);
        assertThat(e.reason()).isEqualTo(ErrorReason.PIN_LOCKED);
        assertThat(e.reason().code()).isEqualTo(2002);
    }

    @Test
    void whenFunctionCanceled_thenUserCancelled() {
        PechatkaException e = map(PKCS11Constants.CKR_FUNCTION_CANCELED);

        assertThat(e).isExactlyInstanceOf(PechatkaException.UserCancelled.class);
        assertThat(e.reason()).isEqualTo(ErrorReason.USER_CANCELLED);
        assertThat(e.reason().code()).isEqualTo(1001);
    }

    @Test
    void whenKeyHandleInvalid_thenKeyNotFound() {
        PechatkaException e = map(PKCS11Constants.CKR_KEY_HANDLE_INVALID);

        assertThat(e).isExactlyInstanceOf(PechatkaException.KeyNotFound.class);
        assertThat(e.reason()).isEqualTo(ErrorReason.KEY_NOT_FOUND);
        assertThat(e.reason().code()).isEqualTo(4001);
        assertThat(e.getMessage()).isEqualTo("The key is no longer on the token");
    }

    @Test
    void whenMechanismOrKeyUnfit_thenAlgorithmUnsupportedNamingTheOperation() {
        for (long ckr : List.of(PKCS11Constants.CKR_MECHANISM_INVALID, PKCS11Constants.CKR_MECHANISM_PARAM_INVALID,
                PKCS11Constants.CKR_KEY_TYPE_INCONSISTENT, PKCS11Constants.CKR_KEY_FUNCTION_NOT_PERMITTED,
                PKCS11Constants.CKR_KEY_SIZE_RANGE)) {
            PechatkaException e = CkrMapper.map(ckr, Phase.DURING, "generate a key", null);

            assertThat(e).as(CkrMapper.name(ckr)).isExactlyInstanceOf(PechatkaException.AlgorithmUnsupported.class);
            assertThat(e.reason()).isEqualTo(ErrorReason.ALGORITHM_UNSUPPORTED);
            assertThat(e.reason().code()).isEqualTo(4003);
            assertThat(e.getMessage()).isEqualTo("The token cannot generate a key with this key");
        }
    }

    @Test
    void whenCodeHasItsOwnMessage_thenTokenFailureWithThatMessageAndCkr() {
        Map<Long, String> expected = Map.of(
                PKCS11Constants.CKR_PIN_EXPIRED, "The PIN has expired; change it with the token's own tool",
                PKCS11Constants.CKR_TOKEN_NOT_RECOGNIZED, "The token is not recognised",
                PKCS11Constants.CKR_TOKEN_WRITE_PROTECTED, "The token is write-protected",
                PKCS11Constants.CKR_DEVICE_MEMORY, "The token is full",
                PKCS11Constants.CKR_USER_NOT_LOGGED_IN, "The token requires a login");
        for (Map.Entry<Long, String> x : expected.entrySet()) {
            PechatkaException e = map(x.getKey());

            assertThat(e).isExactlyInstanceOf(PechatkaException.TokenFailure.class);
            assertThat(e.reason()).isEqualTo(ErrorReason.TOKEN_ERROR);
            assertThat(e.reason().code()).isEqualTo(3004);
            assertThat(e.getMessage()).isEqualTo(x.getValue());
            assertThat(e.data()).containsExactly(Map.entry("ckr", PKCS11Constants.ckrCodeToName(x.getKey())));
        }
    }

    @Test
    void whenOtherCode_thenTokenFailureCarryingTheCkrNameAndTheCause() {
        RuntimeException cause = new RuntimeException("native detail");

        PechatkaException e = CkrMapper.map(PKCS11Constants.CKR_DEVICE_ERROR, Phase.DURING, "sign", cause);

        assertThat(e).isExactlyInstanceOf(PechatkaException.TokenFailure.class);
        assertThat(e.reason()).isEqualTo(ErrorReason.TOKEN_ERROR);
        assertThat(e.reason().code()).isEqualTo(3004);
        assertThat(((PechatkaException.TokenFailure) e).ckr()).isEqualTo("CKR_DEVICE_ERROR");
        assertThat(e.data()).containsExactly(Map.entry("ckr", "CKR_DEVICE_ERROR"));
        assertThat(e.getMessage()).isEqualTo("The token failed to sign");
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void whenOtherCodeAtStart_thenStillTokenFailure() {
        PechatkaException e = CkrMapper.map(PKCS11Constants.CKR_GENERAL_ERROR, Phase.START, "read the token", null);

        assertThat(e).isExactlyInstanceOf(PechatkaException.TokenFailure.class);
        assertThat(e.data()).containsExactly(Map.entry("ckr", "CKR_GENERAL_ERROR"));
        assertThat(e.getMessage()).isEqualTo("The token failed to read the token");
    }

    @Test
    void whenPkcs11ExceptionMapped_thenItsCodeIsUsedAndItIsTheCause() {
        PKCS11Exception p11 = new PKCS11Exception(PKCS11Constants.CKR_FUNCTION_FAILED);

        PechatkaException e = CkrMapper.map(p11, Phase.DURING, "log in");

        assertThat(e).isExactlyInstanceOf(PechatkaException.TokenFailure.class);
        assertThat(e.data()).containsExactly(Map.entry("ckr", "CKR_FUNCTION_FAILED"));
        assertThat(e.getCause()).isSameAs(p11);
        assertThat(CkrMapper.map(new PKCS11Exception(CKR_DEVICE_REMOVED), Phase.START, "log in"))
                .isExactlyInstanceOf(PechatkaException.TokenNotPresent.class);
    }

    @Test
    void whenUnknownVendorCode_thenCkrHexName() {
        long vendor = PKCS11Constants.CKR_VENDOR_DEFINED | 0x123L;

        PechatkaException e = map(vendor);

        assertThat(CkrMapper.name(vendor)).isEqualTo("CKR_0x80000123");
        assertThat(e).isExactlyInstanceOf(PechatkaException.TokenFailure.class);
        assertThat(e.data()).containsExactly(Map.entry("ckr", "CKR_0x80000123"));
        assertThat(CkrMapper.name(0x12345L)).isEqualTo("CKR_0x00012345");
        assertThat(CkrMapper.name(PKCS11Constants.CKR_OK)).isEqualTo("CKR_OK");
    }

    @Test
    void whenAnyCodeMapped_thenMessageIsShortAndNeverSaysNull() {
        List<Long> codes = new ArrayList<>(allCkrConstants());
        codes.add(PKCS11Constants.CKR_VENDOR_DEFINED | 0x42L);
        assertThat(codes).hasSizeGreaterThan(50);
        for (long ckr : codes) {
            for (Phase phase : Phase.values()) {
                for (String operation : OPERATIONS) {
                    PechatkaException e = CkrMapper.map(ckr, phase, operation, null);
                    String what = CkrMapper.name(ckr) + " " + phase + " " + operation;
                    assertThat(e.getMessage()).as(what).isNotBlank().hasSizeLessThanOrEqualTo(80)
                            .doesNotContainIgnoringCase("null").doesNotContain("CKR_").doesNotContain("0x");
                    assertThat(e.data().toString()).as(what).doesNotContainIgnoringCase("null");
                    if (e instanceof PechatkaException.TokenFailure f) {
                        assertThat(f.ckr()).as(what).startsWith("CKR_");
                    }
                }
            }
        }
    }

    private static List<Long> allCkrConstants() {
        List<Long> codes = new ArrayList<>();
        for (Field f : PKCS11Constants.class.getFields()) {
            if (f.getName().startsWith("CKR_") && f.getType() == long.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    codes.add(f.getLong(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return codes;
    }
}
