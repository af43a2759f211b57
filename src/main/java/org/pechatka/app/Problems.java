package org.pechatka.app;

import org.pechatka.error.PechatkaException;

/** Turns failures into one line a person can act on. */
final class Problems {

    private Problems() {}

    static String describe(Throwable e) {
        if (e instanceof PechatkaException p) {
            return switch (p) {
                case PechatkaException.PinIncorrect pin -> "wrong PIN" + (pin.finalTry()
                        ? " — one try left before the token locks" : "");
                case PechatkaException.PinLocked locked ->
                        "the PIN is locked; unblock it with the PUK or ask the issuer of the token";
                case PechatkaException.TokenNotPresent absent -> "the token is not present";
                case PechatkaException.TokenRemoved removed -> "the token was removed";
                default -> p.getMessage();
            };
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            String why = switch (f) {
                case java.nio.file.AccessDeniedException a -> "permission denied";
                case java.nio.file.NoSuchFileException n -> "no such file or directory";
                case java.nio.file.FileAlreadyExistsException x -> "it already exists";
                default -> f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            };
            return "cannot use " + f.getFile() + (f.getOtherFile() != null ? " / " + f.getOtherFile() : "") + ": "
                    + why;
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
