package org.pechatka.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.pechatka.error.PechatkaException;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;

/**
 * A person at the PIN dialog, scripted: answers in order (a PIN, the PIN pad, or cancel) and
 * remembers every request it was shown. Test-only; the product has no such source.
 */
public final class ScriptedPins implements PinSource {

    public static final String PIN_PAD = "\u0000pinpad";
    public static final String CANCEL = "\u0000cancel";

    private final Deque<String> answers = new ArrayDeque<>();
    private final List<PinRequest> requests = new ArrayList<>();
    private int pinPadFinished;

    public ScriptedPins(String... answers) {
        this.answers.addAll(List.of(answers));
    }

    @Override
    public synchronized PinResponse requestPin(PinRequest request) throws PechatkaException {
        requests.add(request);
        String next = answers.poll();
        if (next == null) {
            throw new AssertionError("the PIN dialog was shown more often than scripted: " + requests.size());
        }
        if (next.equals(CANCEL)) {
            throw new PechatkaException.UserCancelled();
        }
        if (next.equals(PIN_PAD)) {
            return new PinResponse.PinPad();
        }
        return new PinResponse.Pin(next.toCharArray());
    }

    @Override
    public synchronized void pinPadFinished() {
        pinPadFinished++;
    }

    public synchronized List<PinRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized int pinPadFinishedCount() {
        return pinPadFinished;
    }

    public synchronized int remaining() {
        return answers.size();
    }
}
