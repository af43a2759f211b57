package org.pechatka.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.CsrRequest;
import org.pechatka.prompt.ImportRequest;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.prompt.Prompter;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;

/**
 * The person at the dialogs, scripted, inside the test JVM only: picks a certificate, allows or
 * refuses, confirms, types PINs; remembers everything each dialog showed so tests can assert what the
 * person would have seen. It stands in for the person, not for any part of Pechatka.
 */
public final class ScriptedPrompter implements Prompter {

    /** Every dialog shown, in order. */
    public record Shown(String dialog, String origin, Object request) {}

    private final List<Shown> shown = new ArrayList<>();
    private volatile Function<List<CertificateChoice>, CertificateChoice> picker = list -> list.stream()
            .filter(CertificateChoice::usable).findFirst().orElse(null);
    private volatile boolean allowConsent = true;
    private volatile boolean confirm = true;
    private volatile List<String> pins = new ArrayList<>(List.of(SoftHsm.USER_PIN));
    private volatile boolean repeatLastPin = true;
    private volatile CountDownLatch holdPicker;
    private volatile CountDownLatch pickerShown = new CountDownLatch(1);

    /** Picks a certificate from the usable ones listed ({@code chooser} answering null: cancel). */
    public ScriptedPrompter choosing(Function<List<CertificateChoice>, CertificateChoice> chooser) {
        this.picker = chooser;
        return this;
    }

    public ScriptedPrompter refusingConsent() {
        this.allowConsent = false;
        return this;
    }

    /** Cancels every confirmation: signing, certificate request and import. */
    public ScriptedPrompter cancellingSigning() {
        this.confirm = false;
        return this;
    }

    /** Types these PINs in order; the last one is repeated unless {@code once}. */
    public ScriptedPrompter typing(boolean once, String... pins) {
        this.pins = new ArrayList<>(List.of(pins));
        this.repeatLastPin = !once;
        return this;
    }

    /** Keeps the picker open until {@link #release()} (or until the interaction is aborted). */
    public ScriptedPrompter holdingPicker() {
        this.holdPicker = new CountDownLatch(1);
        this.pickerShown = new CountDownLatch(1);
        return this;
    }

    public void release() {
        CountDownLatch h = holdPicker;
        if (h != null) {
            h.countDown();
        }
    }

    /** Waits until the picker is shown. */
    public boolean awaitPicker(long seconds) throws InterruptedException {
        return pickerShown.await(seconds, TimeUnit.SECONDS);
    }

    public synchronized List<Shown> shown() {
        return List.copyOf(shown);
    }

    public synchronized List<Shown> shown(String dialog) {
        return shown.stream().filter(s -> s.dialog().equals(dialog)).toList();
    }

    private synchronized void record(String dialog, Interaction interaction, Object request) {
        shown.add(new Shown(dialog, interaction.origin(), request));
    }

    @Override
    public CertificateChoice chooseCertificate(PickerRequest request, Interaction interaction)
            throws PechatkaException {
        record("picker", interaction, request);
        pickerShown.countDown();
        CountDownLatch hold = holdPicker;
        if (hold != null) {
            // wait on this thread (never a shared pool's), watching for the interaction to end
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (!hold.await(20, TimeUnit.MILLISECONDS)) {
                    interaction.checkNotAborted();
                    if (System.nanoTime() > deadline) {
                        throw new PechatkaException.UserTimeout();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PechatkaException.UserCancelled();
            }
            interaction.checkNotAborted();
        }
        // the person can choose only what the picker lets them choose (unusable rows are greyed)
        CertificateChoice choice = picker.apply(request.candidates().current().stream()
                .filter(CertificateChoice::usable).toList());
        if (choice == null) {
            throw new PechatkaException.UserCancelled();
        }
        return choice;
    }

    @Override
    public void approveAttributes(ConsentRequest request, Interaction interaction) throws PechatkaException {
        record("consent", interaction, request);
        if (!allowConsent) {
            throw new PechatkaException.UserCancelled();
        }
    }

    @Override
    public void confirmSigning(SigningRequest request, Interaction interaction) throws PechatkaException {
        record("confirm", interaction, request);
        if (!confirm) {
            throw new PechatkaException.UserCancelled();
        }
    }

    @Override
    public void confirmCsr(CsrRequest request, Interaction interaction) throws PechatkaException {
        record("csr", interaction, request);
        if (!confirm) {
            throw new PechatkaException.UserCancelled();
        }
    }

    @Override
    public void confirmImport(ImportRequest request, Interaction interaction) throws PechatkaException {
        record("import", interaction, request);
        if (!confirm) {
            throw new PechatkaException.UserCancelled();
        }
    }

    @Override
    public PinSource pinSource(Interaction interaction) {
        return new PinSource() {
            @Override
            public void pinLocked(PinRequest request) {
                record("pin-locked", interaction, request);
            }

            @Override
            public PinResponse requestPin(PinRequest request) throws PechatkaException {
                record("pin", interaction, request);
                interaction.checkNotAborted();
                if (request.pinPad()) {
                    return new PinResponse.PinPad();
                }
                synchronized (ScriptedPrompter.this) {
                    if (pins.isEmpty()) {
                        throw new PechatkaException.UserCancelled();
                    }
                    String pin = pins.size() > 1 || !repeatLastPin ? pins.remove(0) : pins.get(0);
                    return new PinResponse.Pin(pin.toCharArray());
                }
            }
        };
    }
}
