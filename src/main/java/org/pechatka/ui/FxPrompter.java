package org.pechatka.ui;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javafx.application.Platform;
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
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.PendingRequests;
import org.pechatka.ui.certimport.CertImportView;
import org.pechatka.ui.certimport.CertImportViewModel;
import org.pechatka.ui.confirm.ConfirmView;
import org.pechatka.ui.confirm.ConfirmViewModel;
import org.pechatka.ui.consent.ConsentView;
import org.pechatka.ui.consent.ConsentViewModel;
import org.pechatka.ui.csr.CsrView;
import org.pechatka.ui.csr.CsrViewModel;
import org.pechatka.ui.frame.RequestWindow;
import org.pechatka.ui.picker.PickerView;
import org.pechatka.ui.picker.PickerViewModel;
import org.pechatka.ui.pin.PinView;
import org.pechatka.ui.pin.PinViewModel;

/**
 * The person's side of the protocol as Pechatka's windows: the certificate picker (with the
 * personal-data consent in the same window when the site asks for data), the consent on its own
 * when the picker did not show exactly what is sent, the signing confirmation, the certificate
 * request and import confirmations, and the PIN window.
 * Each call builds its window on the JavaFX thread and waits on the caller's thread; the window
 * closes when answered, cancelled ({@code USER_CANCELLED}), timed out ({@code USER_TIMEOUT}) or when
 * the interaction is aborted (e.g. {@code TOKEN_REMOVED}). Open windows are registered with
 * {@link PendingRequests} so the tray can show them as pending and bring them to the front.
 */
public final class FxPrompter implements Prompter {

    private final PendingRequests pending;
    private final Map<Interaction, PinView> pinViews = new ConcurrentHashMap<>();
    /** Per interaction: what the picker showed and the person allowed, for the consent that follows. */
    private final Map<Interaction, ConsentRequest> allowedInPicker = new ConcurrentHashMap<>();

    /** Windows registered with {@code pending}, which the tray watches. */
    public FxPrompter(PendingRequests pending) {
        this.pending = pending;
        FxPlatform.start();
    }

    /** Windows registered with a registry of their own (no tray). */
    public FxPrompter() {
        this(new PendingRequests());
    }

    /** The registry the request windows register with. */
    public PendingRequests pending() {
        return pending;
    }

    // ---- waiting ---------------------------------------------------------------------------------

    /** Shows a window built on the FX thread and waits for its answer, a timeout or an abort; then closes it. */
    private <T> T ask(Interaction interaction, Function<CompletableFuture<T>, RequestWindow> build)
            throws PechatkaException {
        interaction.checkNotAborted();
        CompletableFuture<T> answer = new CompletableFuture<>();
        CompletableFuture<RequestWindow> window = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                window.complete(build.apply(answer));
            } catch (RuntimeException e) {
                window.completeExceptionally(e);
                answer.completeExceptionally(e);
            }
        });
        try {
            return await(answer, interaction);
        } finally {
            RequestWindow w = window.getNow(null);
            if (w != null) {
                onFxAndWait(w::close);
            } else {
                window.thenAccept(late -> Platform.runLater(late::close));
            }
        }
    }

    private static <T> T await(CompletableFuture<T> answer, Interaction interaction) throws PechatkaException {
        try {
            CompletableFuture.anyOf(answer, interaction.aborted())
                    .get(interaction.dialogTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PechatkaException.UserTimeout();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PechatkaException.UserCancelled();
        } catch (ExecutionException e) {
            // the answer failed: reported below
        }
        interaction.checkNotAborted();
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PechatkaException.UserCancelled();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PechatkaException p) {
                throw p;
            }
            throw new PechatkaException.Internal("a dialog failed", e.getCause());
        }
    }

    private static void cancel(CompletableFuture<?> answer) {
        answer.completeExceptionally(new PechatkaException.UserCancelled());
    }

    private static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    /** Runs on the FX thread and waits (briefly) until it has run. */
    private static void onFxAndWait(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                done.countDown();
            }
        });
        try {
            done.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- picker (with consent) ---------------------------------------------------------------------

    @Override
    public CertificateChoice chooseCertificate(PickerRequest request, Interaction interaction)
            throws PechatkaException {
        interaction.checkNotAborted();
        PickerViewModel model = new PickerViewModel(request);
        // read the tokens here, never on the FX thread; later changes arrive through the subscription
        model.update(request.candidates().current());
        Runnable unsubscribe = request.candidates().subscribe(
                choices -> Platform.runLater(() -> model.update(List.copyOf(choices))));
        interaction.whenDone(() -> allowedInPicker.remove(interaction));
        try {
            return ask(interaction, answer -> {
                PickerView view = new PickerView(model, Messages.forScreen(PickerView.class));
                RequestWindow w = view.window(pending, interaction.origin(), () -> {
                    CertificateChoice chosen = model.selected();
                    if (chosen == null || !chosen.usable() || answer.isDone()) {
                        return;
                    }
                    ConsentRequest shown = model.consent();
                    if (shown != null) {
                        allowedInPicker.put(interaction, shown);
                    }
                    answer.complete(chosen);
                }, () -> cancel(answer));
                w.show(view.focusTarget());
                return w;
            });
        } finally {
            unsubscribe.run();
        }
    }

    // ---- consent -----------------------------------------------------------------------------------

    @Override
    public void approveAttributes(ConsentRequest request, Interaction interaction) throws PechatkaException {
        interaction.checkNotAborted();
        if (request.sameAs(allowedInPicker.remove(interaction))) {
            return; // the person allowed exactly this in the picker a moment ago
        }
        ask(interaction, answer -> {
            ConsentView view = new ConsentView(new ConsentViewModel(request), Messages.forScreen(ConsentView.class));
            RequestWindow w = view.window(pending, interaction.origin(), () -> answer.complete(Boolean.TRUE),
                    () -> cancel(answer));
            w.show(view.focusTarget());
            return w;
        });
    }

    // ---- signing confirmation ---------------------------------------------------------------------

    @Override
    public void confirmSigning(SigningRequest request, Interaction interaction) throws PechatkaException {
        ask(interaction, answer -> {
            ConfirmView view = new ConfirmView(new ConfirmViewModel(request), Messages.forScreen(ConfirmView.class));
            RequestWindow w = view.window(pending, interaction.origin(), () -> answer.complete(Boolean.TRUE),
                    () -> cancel(answer));
            w.show(view.focusTarget());
            return w;
        });
    }

    // ---- certificate request and import ----------------------------------------------------------

    @Override
    public void confirmCsr(CsrRequest request, Interaction interaction) throws PechatkaException {
        ask(interaction, answer -> {
            CsrView view = new CsrView(new CsrViewModel(request), Messages.forScreen(CsrView.class));
            RequestWindow w = view.window(pending, interaction.origin(), () -> answer.complete(Boolean.TRUE),
                    () -> cancel(answer));
            w.show(view.focusTarget());
            return w;
        });
    }

    @Override
    public void confirmImport(ImportRequest request, Interaction interaction) throws PechatkaException {
        ask(interaction, answer -> {
            CertImportView view = new CertImportView(new CertImportViewModel(request),
                    Messages.forScreen(CertImportView.class));
            RequestWindow w = view.window(pending, interaction.origin(), () -> answer.complete(Boolean.TRUE),
                    () -> cancel(answer));
            w.show(view.focusTarget());
            return w;
        });
    }

    // ---- PIN ---------------------------------------------------------------------------------------

    @Override
    public PinSource pinSource(Interaction interaction) {
        interaction.whenDone(() -> closePin(interaction));
        interaction.aborted().thenRun(() -> closePin(interaction));
        return new PinSource() {
            @Override
            public PinResponse requestPin(PinRequest request) throws PechatkaException {
                interaction.checkNotAborted();
                CompletableFuture<PinResponse> answer = new CompletableFuture<>();
                onFx(() -> {
                    PinView view = pinView(interaction);
                    view.model().ask(request, interaction.certificate());
                    view.show(pending, interaction.origin(), pin -> {
                        if (!answer.complete(new PinResponse.Pin(pin))) {
                            java.util.Arrays.fill(pin, '\0');
                        }
                    }, () -> cancel(answer));
                });
                if (request.pinPad()) {
                    // the PIN goes in on the reader: the notice stays up until the token is done
                    return new PinResponse.PinPad();
                }
                try {
                    return await(answer, interaction);
                } catch (PechatkaException e) {
                    closePin(interaction);
                    throw e;
                }
            }

            @Override
            public void pinPadFinished() {
                closePin(interaction);
            }

            @Override
            public void pinLocked(PinRequest request) {
                CompletableFuture<Boolean> closed = new CompletableFuture<>();
                onFx(() -> {
                    PinView view = pinView(interaction);
                    view.model().locked(request, interaction.certificate());
                    view.show(pending, interaction.origin(), pin -> java.util.Arrays.fill(pin, '\0'),
                            () -> closed.complete(Boolean.TRUE));
                });
                try {
                    await(closed, interaction);
                } catch (PechatkaException timedOutOrAborted) {
                    // the request ends with PIN_LOCKED either way
                } finally {
                    closePin(interaction);
                }
            }
        };
    }

    /** The PIN window of an interaction (FX thread): one for the whole request, so a wrong PIN stays in it. */
    private PinView pinView(Interaction interaction) {
        return pinViews.computeIfAbsent(interaction,
                i -> new PinView(new PinViewModel(), Messages.forScreen(PinView.class)));
    }

    private void closePin(Interaction interaction) {
        PinView view = pinViews.remove(interaction);
        if (view != null) {
            onFxAndWait(view::close);
        }
    }
}
