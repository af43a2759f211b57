package org.pechatka.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.pechatka.cert.CertificateView;
import org.pechatka.cert.PersonalAttribute;
import org.pechatka.error.PechatkaException;
import org.pechatka.prompt.CertificateChoice;
import org.pechatka.prompt.ConsentRequest;
import org.pechatka.prompt.Interaction;
import org.pechatka.prompt.PickerRequest;
import org.pechatka.prompt.Prompter;
import org.pechatka.prompt.SigningRequest;
import org.pechatka.token.PinRequest;
import org.pechatka.token.PinResponse;
import org.pechatka.token.PinSource;

/**
 * The person's side of the protocol as plain JavaFX dialogs: certificate picker, personal-data
 * consent, signing confirmation and PIN. Each call builds its window on the JavaFX thread and waits
 * on the caller's thread; the window closes when answered, cancelled, timed out or aborted.
 * (The finished UI — tray, translations, settings — builds on this.)
 */
public final class FxPrompter implements Prompter {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy")
            .withZone(ZoneId.systemDefault());

    private final Map<Interaction, PinWindow> pinWindows = new ConcurrentHashMap<>();

    public FxPrompter() {
        FxPlatform.start();
    }

    // ---- waiting ---------------------------------------------------------------------------------

    /** Shows a window built on the FX thread and waits for its answer, a timeout or an abort. */
    private <T> T ask(Interaction interaction, java.util.function.Function<CompletableFuture<T>, DialogWindow> build)
            throws PechatkaException {
        interaction.checkNotAborted();
        CompletableFuture<T> answer = new CompletableFuture<>();
        CompletableFuture<DialogWindow> window = new CompletableFuture<>();
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
            DialogWindow w = window.getNow(null);
            if (w != null) {
                w.closeAndWait();
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

    // ---- picker ----------------------------------------------------------------------------------

    @Override
    public CertificateChoice chooseCertificate(PickerRequest request, Interaction interaction)
            throws PechatkaException {
        Runnable[] unsubscribe = {() -> {}};
        try {
            return ask(interaction, answer -> {
                boolean auth = request.purpose() == PickerRequest.Purpose.AUTH;
                DialogWindow w = new DialogWindow(auth ? "увайсці / log in" : "выбар сертыфіката / certificate",
                        interaction.origin(), auth
                                ? "просіць вас увайсці з сертыфікатам. / asks you to log in with a certificate."
                                : "просіць сертыфікат для подпісу. / asks for a certificate to sign with.");
                ListView<CertificateChoice> list = new ListView<>();
                list.setId("certificates");
                list.setPrefSize(520, 260);
                list.setCellFactory(v -> new CertificateCell());
                list.setPlaceholder(new Label("Няма падыходнага сертыфіката. Устаўце токен.\n"
                        + "No suitable certificate. Insert your token."));
                Button[] b = w.buttons("OK", () -> {
                    CertificateChoice c = list.getSelectionModel().getSelectedItem();
                    if (c != null && c.usable()) {
                        answer.complete(c);
                    }
                }, "Адмена / Cancel", () -> cancel(answer));
                Consumer<List<CertificateChoice>> fill = choices -> {
                    CertificateChoice selected = list.getSelectionModel().getSelectedItem();
                    list.getItems().setAll(choices);
                    CertificateChoice keep = selected == null ? null : choices.stream()
                            .filter(c -> c.certId().equals(selected.certId())).findFirst().orElse(null);
                    CertificateChoice pick = keep != null ? keep
                            : choices.stream().filter(CertificateChoice::usable).findFirst().orElse(null);
                    if (pick != null) {
                        list.getSelectionModel().select(pick);
                    }
                    b[0].setDisable(list.getSelectionModel().getSelectedItem() == null);
                };
                list.getSelectionModel().selectedItemProperty().addListener((o, old, now) ->
                        b[0].setDisable(now == null || !now.usable()));
                list.setOnMouseClicked(e -> {
                    if (e.getClickCount() == 2 && !b[0].isDisabled()) {
                        b[0].fire();
                    }
                });
                fill.accept(request.candidates().current());
                unsubscribe[0] = request.candidates().subscribe(choices -> Platform.runLater(() -> fill.accept(choices)));
                VBox body = new VBox(8);
                if (request.reason() != null) {
                    body.getChildren().add(DialogWindow.fromSite(request.reason()));
                }
                body.getChildren().add(list);
                if (auth) {
                    Label note = new Label("Сайт атрымае выбраны сертыфікат. / The site will receive the chosen "
                            + "certificate.");
                    note.getStyleClass().add("muted");
                    body.getChildren().add(note);
                }
                w.content(body);
                w.show(list);
                return w;
            });
        } finally {
            unsubscribe[0].run();
        }
    }

    /** A certificate as a person recognises it: name, organisation and position, validity, issuer, token. */
    private static final class CertificateCell extends ListCell<CertificateChoice> {
        @Override
        protected void updateItem(CertificateChoice item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            CertificateView v = item.view();
            Label name = new Label(v.displayName());
            name.getStyleClass().add("name");
            VBox box = new VBox(1, name);
            if (v.organization() != null || v.position() != null) {
                box.getChildren().add(new Label(join(v.position(), v.organization())));
            }
            Label details = new Label("Дзейнічае да / valid until " + DATE.format(v.notAfter()) + " · "
                    + v.issuerName());
            details.getStyleClass().add("muted");
            Label token = new Label("Токен / token: " + item.tokenLabel() + " · " + v.keyDescription());
            token.getStyleClass().add("muted");
            Label serial = new Label("№ " + v.serialNumber());
            serial.getStyleClass().add("muted");
            box.getChildren().addAll(details, token, serial);
            if (!item.usable() && item.whyNot() != null) {
                Label why = new Label(item.whyNot());
                why.getStyleClass().add("warning");
                box.getChildren().add(why);
            }
            box.setPadding(new Insets(4, 2, 4, 2));
            box.getChildren().forEach(n -> ((Label) n).setWrapText(true));
            if (getListView() != null) {
                box.maxWidthProperty().bind(getListView().widthProperty().subtract(36));
            }
            setPrefWidth(0); // the list's width decides, not the longest line: no sideways scrolling
            setGraphic(box);
            setText(null);
        }
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + ", " + b;
    }

    // ---- consent -----------------------------------------------------------------------------------

    @Override
    public void approveAttributes(ConsentRequest request, Interaction interaction) throws PechatkaException {
        ask(interaction, answer -> {
            DialogWindow w = new DialogWindow("асабістыя даныя / personal data", interaction.origin(),
                    "просіць даныя з вашага сертыфіката: / asks for these data from your certificate:");
            GridPane grid = new GridPane();
            grid.setId("attributes");
            grid.setHgap(14);
            grid.setVgap(4);
            int row = 0;
            for (Map.Entry<PersonalAttribute, String> e : request.attributes().entrySet()) {
                Label label = new Label(Labels.attribute(e.getKey()));
                label.getStyleClass().add("muted");
                Label value = new Label(e.getValue());
                value.getStyleClass().add("name");
                grid.addRow(row++, label, value);
            }
            VBox body = new VBox(10, grid);
            if (!request.missing().isEmpty()) {
                Label missing = new Label("Няма ў сертыфікаце / not in the certificate: " + String.join(", ",
                        request.missing().stream().map(Labels::attribute).toList()));
                missing.getStyleClass().add("muted");
                missing.setWrapText(true);
                missing.setMaxWidth(480);
                body.getChildren().add(missing);
            }
            Label whole = new Label("Сайт атрымае і сам сертыфікат з усімі яго палямі. Гэтыя даныя не падпісаны: "
                    + "сайт павінен браць іх з сертыфіката.\nThe site also receives the certificate itself with all "
                    + "its fields.");
            whole.setWrapText(true);
            whole.setMaxWidth(480);
            body.getChildren().add(whole);
            w.content(body);
            Button[] b = w.buttons("Дазволіць / Allow", () -> answer.complete(Boolean.TRUE), "Адмовіць / Refuse",
                    () -> cancel(answer));
            w.show(b[0]);
            return w;
        });
    }

    // ---- signing confirmation ---------------------------------------------------------------------

    @Override
    public void confirmSigning(SigningRequest request, Interaction interaction) throws PechatkaException {
        ask(interaction, answer -> {
            int n = request.documents().size();
            DialogWindow w = new DialogWindow("подпіс / sign", interaction.origin(), n == 1
                    ? "просіць падпісаць дакумент: / asks you to sign a document:"
                    : "просіць падпісаць " + n + " дакументаў: / asks you to sign " + n + " documents:");
            VBox body = new VBox(8);
            ListView<SigningRequest.Document> docs = new ListView<>();
            docs.setId("documents");
            docs.setPrefHeight(Math.min(16 + 52 * n, 240));
            docs.setPrefWidth(520);
            docs.getItems().setAll(request.documents());
            docs.setFocusTraversable(n > 1);
            docs.setCellFactory(v -> new ListCell<>() {
                @Override
                protected void updateItem(SigningRequest.Document d, boolean empty) {
                    super.updateItem(d, empty);
                    setText(null);
                    if (empty || d == null) {
                        setGraphic(null);
                        return;
                    }
                    Label name = new Label(d.name());
                    name.getStyleClass().add("name");
                    name.setWrapText(true);
                    Label details = new Label((d.size() >= 0 ? size(d.size()) + " · " : "") + d.fingerprint());
                    details.getStyleClass().add("muted");
                    VBox box = new VBox(1, name, details);
                    box.maxWidthProperty().bind(getListView().widthProperty().subtract(36));
                    setPrefWidth(0);
                    setGraphic(box);
                }
            });
            body.getChildren().add(docs);
            if (request.description() != null) {
                body.getChildren().add(DialogWindow.fromSite(request.description()));
            }
            if (request.rawHash()) {
                Label warn = new Label("Сайт перадаў толькі хэш: Pechatka не можа паказаць сам дакумент.\n"
                        + "The site sent only a hash: Pechatka cannot show the document itself.");
                warn.getStyleClass().add("warning");
                body.getChildren().add(warn);
            }
            CertificateView v = request.certificate();
            Label cert = new Label("Сертыфікат / certificate: " + v.displayName() + " · " + v.issuerName());
            cert.getStyleClass().add("muted");
            body.getChildren().add(cert);
            w.content(body);
            Button[] b = w.buttons("Падпісаць / Sign", () -> answer.complete(Boolean.TRUE), "Адмена / Cancel",
                    () -> cancel(answer));
            w.show(b[0]);
            return w;
        });
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        return bytes < 1024 * 1024 ? (bytes + 512) / 1024 + " KB" : String.format("%.1f MB", bytes / 1048576.0);
    }

    // ---- PIN ---------------------------------------------------------------------------------------

    @Override
    public PinSource pinSource(Interaction interaction) {
        interaction.whenDone(() -> {
            PinWindow w = pinWindows.remove(interaction);
            if (w != null) {
                Platform.runLater(w.window::close);
            }
        });
        return new PinSource() {
            @Override
            public PinResponse requestPin(PinRequest request) throws PechatkaException {
                CompletableFuture<PinResponse> answer = new CompletableFuture<>();
                Platform.runLater(() -> pinWindows.computeIfAbsent(interaction, i -> new PinWindow(i))
                        .ask(request, answer));
                if (request.pinPad()) {
                    // the PIN goes in on the reader: the notice stays up while the token waits
                    return new PinResponse.PinPad();
                }
                return await(answer, interaction);
            }

            @Override
            public void pinPadFinished() {
                PinWindow w = pinWindows.get(interaction);
                if (w != null) {
                    Platform.runLater(w::checking);
                }
            }
        };
    }

    /** The PIN window of one interaction: stays open after a wrong PIN and shows the error. */
    private static final class PinWindow {
        private final DialogWindow window;
        private final Label token = new Label();
        private final Label state = new Label();
        private final Label error = new Label();
        private final PasswordField field = new PasswordField();
        private final Label pinPadNote = new Label("Увядзіце PIN на клавіятуры счытвальніка.\n"
                + "Enter the PIN on the reader's keypad.");
        private Button ok;
        private CompletableFuture<PinResponse> answer;

        PinWindow(Interaction interaction) {
            window = new DialogWindow("PIN", interaction.origin(), "просіць скарыстацца вашым ключом. / asks to use "
                    + "your key.");
            field.setId("pin");
            field.setPromptText("PIN");
            error.setId("pin-error");
            error.getStyleClass().add("error");
            error.setWrapText(true);
            state.getStyleClass().add("warning");
            state.setWrapText(true);
            token.setWrapText(true);
            VBox body = new VBox(8, token, state, field, pinPadNote, error);
            window.content(body);
            Button[] b = window.buttons("OK", this::submit, "Адмена / Cancel", () -> {
                if (answer != null) {
                    cancel(answer);
                }
                window.close();
            });
            ok = b[0];
        }

        void ask(PinRequest request, CompletableFuture<PinResponse> answer) {
            this.answer = answer;
            String who = request.kind() == PinRequest.Kind.CONTEXT_SPECIFIC
                    ? "Ключ «" + request.keyLabel() + "» патрабуе PIN для кожнага подпісу. / This key needs the PIN "
                    + "for every signature."
                    : "";
            token.setText("Токен / token: " + request.token().label() + (who.isEmpty() ? "" : "\n" + who));
            var pin = request.token().pin();
            state.setText(pin.finalTry()
                    ? "Апошняя спроба: яшчэ адзін няправільны PIN заблакуе токен.\nFinal try: one more wrong PIN "
                    + "locks the token."
                    : pin.countLow() ? "Раней быў уведзены няправільны PIN. / A wrong PIN was entered before." : "");
            state.setVisible(!state.getText().isEmpty());
            state.setManaged(state.isVisible());
            error.setText(request.previousFailure() == null ? ""
                    : "Няправільны PIN. / Wrong PIN." + (request.previousFailure().finalTry()
                            ? " Засталася адна спроба. / One try left." : ""));
            boolean pad = request.pinPad();
            field.setVisible(!pad);
            field.setManaged(!pad);
            field.setDisable(false);
            pinPadNote.setVisible(pad);
            pinPadNote.setManaged(pad);
            ok.setVisible(!pad);
            ok.setManaged(!pad);
            ok.setDisable(false);
            field.clear();
            window.show(pad ? null : field);
        }

        private void submit() {
            CompletableFuture<PinResponse> a = answer;
            if (a == null || a.isDone()) {
                return;
            }
            CharSequence typed = field.getCharacters();
            char[] pin = new char[typed.length()];
            for (int i = 0; i < pin.length; i++) {
                pin[i] = typed.charAt(i);
            }
            field.clear();
            checking();
            a.complete(new PinResponse.Pin(pin));
        }

        /** After an answer: wait for the token's verdict without accepting input. */
        void checking() {
            field.setDisable(true);
            ok.setDisable(true);
            error.setText("Правяраем… / Checking…");
        }
    }
}
