package org.pechatka.app;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;
import org.pechatka.token.TokenKind;

/**
 * PINs for the command line: typed on the terminal without echo (asked again after a wrong PIN,
 * as the token layer allows), or read once from standard input for scripts. A PIN is never an
 * argument: arguments are visible to every user of the computer in the process list.
 */
final class ConsolePins {

    private ConsolePins() {}

    /** Asks on the terminal; null when there is no terminal to ask on. */
    static PinSource terminal(PrintWriter err) {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            return null;
        }
        return new PinSource() {
            @Override
            public PinResponse requestPin(PinRequest request) throws PechatkaException {
                if (request.previousFailure() != null) {
                    console.printf("%s%n", request.token().kind() == TokenKind.KEY_FILE ? "wrong password"
                            : Problems.describe(request.previousFailure()));
                }
                if (request.pinPad()) {
                    console.printf("Enter the PIN on the reader's PIN pad (%s).%n", label(request));
                    return new PinResponse.PinPad();
                }
                char[] pin = console.readPassword("%s: ", prompt(request));
                if (pin == null || pin.length == 0) {
                    throw new PechatkaException.UserCancelled();
                }
                return new PinResponse.Pin(pin);
            }

            @Override
            public void pinLocked(PinRequest request) {
                err.println("pechatka sign: the PIN of " + label(request) + " is locked; unblock it with the PUK"
                        + " or ask the token's issuer");
            }
        };
    }

    /**
     * Reads the PIN from the first line of {@code in} (once) and answers every request of this run
     * with it; after a wrong PIN it reports the failure instead of trying again.
     */
    static PinSource firstLineOf(InputStream in) throws IOException {
        char[] pin = readLine(new InputStreamReader(in, StandardCharsets.UTF_8));
        if (pin.length == 0) {
            return request -> {
                throw new PechatkaException.UserCancelled();
            };
        }
        PinSource fixed = PinSource.fixed(pin);
        Arrays.fill(pin, '\0');
        return fixed;
    }

    /** One line without its line end, as characters (never a String, which cannot be wiped). */
    private static char[] readLine(Reader reader) throws IOException {
        char[] buffer = new char[256];
        int length = 0;
        int c;
        while ((c = reader.read()) >= 0 && c != '\n') {
            if (length == buffer.length) {
                char[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
                Arrays.fill(buffer, '\0');
                buffer = bigger;
            }
            buffer[length++] = (char) c;
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] line = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return line;
    }

    private static String prompt(PinRequest request) {
        if (request.token().kind() == TokenKind.KEY_FILE) {
            return "Password of the key file " + label(request);
        }
        if (request.kind() == PinRequest.Kind.CONTEXT_SPECIFIC) {
            return "PIN again for the key " + (request.keyLabel() == null ? "" : "\"" + request.keyLabel() + "\" ")
                    + "on " + label(request) + " (this key asks for it at every signature)";
        }
        String warning = request.token().pin().finalTry() ? " — LAST TRY before the token locks" : "";
        return "PIN of " + label(request) + warning;
    }

    private static String label(PinRequest request) {
        String label = request.token().label();
        return label.isEmpty() ? "the token" : "\"" + label + "\"";
    }
}
