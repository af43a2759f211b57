package org.pechatka.ui.request;

import java.io.File;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.bouncycastle.asn1.x500.X500Name;
import org.pechatka.cert.CertificateView;
import org.pechatka.error.PechatkaException;
import org.pechatka.lifecycle.SubjectSpec;
import org.pechatka.platform.FolderOpener;
import org.pechatka.token.TokenCertificate;
import org.pechatka.token.TokenRegistry;
import org.pechatka.ui.certificates.CertificateDialogs;
import org.pechatka.ui.certificates.CertificatesView;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;
import org.pechatka.ui.request.RequestViewModel.Field;
import org.pechatka.ui.request.RequestViewModel.KeyChoice;
import org.pechatka.ui.request.RequestViewModel.Made;
import org.pechatka.ui.request.RequestViewModel.Problem;
import org.pechatka.ui.request.RequestViewModel.Profile;
import org.pechatka.ui.request.RequestViewModel.Target;
import org.pechatka.ui.tray.TrayIcons;
import org.pechatka.ui.tray.TrayState;

/**
 * The Create request window (Certificates → Create request…, or an expiry reminder's Renew…): the
 * place the new key goes (a token present, or a new password-protected key file), the key, and the
 * subject typed in the Belarus or Russian profile's form, or copied from the certificate being
 * renewed. Create asks the token's PIN, makes the key on the token and the request there (or both in
 * memory for a new key file, written only encrypted), then asks where to save the request; the
 * window then says where everything is and what to do next. Token and file work runs on
 * background threads.
 */
public final class RequestView {

    /** Where the request and the new key file go; the system's save dialogs unless a test gives paths. */
    public interface FileTargets {

        /**
         * Where to save the request; empty when the person cancels.
         *
         * @param file               the file
         * @param format             PEM or DER
         * @param overwriteConfirmed the person confirmed replacing an existing file
         */
        record Saved(Path file, RequestViewModel.Format format, boolean overwriteConfirmed) {}

        Optional<Saved> request(Stage owner, String suggestedName);

        /** The new key file; empty when the person cancels. An existing file is refused later. */
        Optional<Path> keyFile(Stage owner, String suggestedName);
    }

    @FXML private ScrollPane formScroll;
    @FXML private VBox form;
    @FXML private Label intro;
    @FXML private ComboBox<Target> target;
    @FXML private Label targetNote;
    @FXML private VBox keyFileBox;
    @FXML private GridPane passwordGrid;
    @FXML private PasswordField password;
    @FXML private PasswordField passwordRepeat;
    @FXML private Label strength;
    @FXML private Label passwordError;
    @FXML private ComboBox<KeyChoice> key;
    @FXML private Label keyNote;
    @FXML private VBox renewalBox;
    @FXML private Label renewedName;
    @FXML private Label renewedIssuer;
    @FXML private Label renewedValidTo;
    @FXML private GridPane renewedSubject;
    @FXML private VBox subjectBox;
    @FXML private RadioButton belarus;
    @FXML private RadioButton russia;
    @FXML private Label profileNote;
    @FXML private GridPane fields;
    @FXML private VBox challengeBox;
    @FXML private GridPane challengeGrid;
    @FXML private PasswordField challengePassword;
    @FXML private TextField challengeInfo;
    @FXML private Label challengeError;
    @FXML private TextField keyLabel;
    @FXML private ScrollPane resultScroll;
    @FXML private Label resultFile;
    @FXML private Label resultKeyPlace;
    @FXML private Label resultKeyId;
    @FXML private Label resultKeyLabel;
    @FXML private Label resultNext;
    @FXML private Button openFolder;
    @FXML private Button saveAgain;
    @FXML private Label status;
    @FXML private Button cancel;
    @FXML private Button create;

    private final RequestViewModel model;
    private final FileTargets files;
    private final Messages m;
    private final Stage stage = new Stage();
    private final Executor background = task -> Thread.ofVirtual().name("pechatka-request").start(task);
    private final Map<String, TextField> inputs = new LinkedHashMap<>();
    private final Map<String, Label> errors = new HashMap<>();
    /** Typed values kept per attribute when the profile changes, so nothing typed is lost. */
    private final Map<String, String> typed = new HashMap<>();
    private Profile profile;
    private Made made;
    private String usedLabel;
    private Path savedTo;
    private final Path keyDirectory;

    public RequestView(RequestViewModel model) {
        this(model, null);
    }

    /** @param files where files go; null for the system's save dialogs (which confirm overwriting) */
    public RequestView(RequestViewModel model, FileTargets files) {
        this(model, files, null);
    }

    /**
     * @param files        where files go; null for the system's save dialogs (which confirm overwriting)
     * @param keyDirectory the folder whose key files Pechatka uses ({@code <dataDir>/keys}): a new key
     *                     file is offered there, and one saved elsewhere gets a note; null: none
     */
    public RequestView(RequestViewModel model, FileTargets files, Path keyDirectory) {
        this.model = model;
        this.m = Messages.forScreen(RequestView.class);
        this.keyDirectory = keyDirectory == null ? null : keyDirectory.toAbsolutePath().normalize();
        this.files = files != null ? files : new SystemDialogs(m, this.keyDirectory);
        Parent root = Views.load(this, "request.fxml", m);
        stage.setScene(Views.style(new Scene(root), RequestView.class));
        stage.setTitle(m.get("window.title", m.get(model.renewal() ? "title.renewal" : "title.new")));
        stage.getIcons().add(TrayIcons.fxImage(TrayState.IDLE, 64));
        build();
    }

    /**
     * Opens the window for a new request or a renewal from any thread.
     *
     * @param allowedKey whether the administrator allows a key (protocol name); null: all
     */
    public static void open(TokenRegistry registry, Predicate<String> allowedKey, String tokenId, X509Certificate renewFrom) {
        open(registry, allowedKey, tokenId, renewFrom, null);
    }

    /**
     * As {@link #open(TokenRegistry, Predicate, String, X509Certificate)}, offering new key files in
     * {@code keyDirectory} (the folder Pechatka finds key files in; null: none).
     */
    public static void open(TokenRegistry registry, Predicate<String> allowedKey, String tokenId, X509Certificate renewFrom,
            Path keyDirectory) {
        onFx(() -> new RequestView(new RequestViewModel(registry, allowedKey, tokenId, renewFrom), null, keyDirectory)
                .show());
    }

    /**
     * Opens the window to renew the certificate with {@code certId} (an expiry reminder's Renew…),
     * found on the tokens present; when it is not there, a note says so.
     */
    public static void openRenewal(TokenRegistry registry, Predicate<String> allowedKey, String certId) {
        openRenewal(registry, allowedKey, certId, null);
    }

    /** As {@link #openRenewal(TokenRegistry, Predicate, String)}, offering new key files in {@code keyDirectory}. */
    public static void openRenewal(TokenRegistry registry, Predicate<String> allowedKey, String certId,
            Path keyDirectory) {
        Thread.ofVirtual().name("pechatka-renewal").start(() -> {
            Optional<TokenCertificate> found = RequestViewModel.findCertificate(registry, certId);
            onFx(() -> {
                if (found.isPresent()) {
                    new RequestView(new RequestViewModel(registry, allowedKey, found.get().tokenId(),
                            found.get().certificate()), null, keyDirectory).show();
                } else {
                    Messages texts = Messages.forScreen(RequestView.class);
                    javafx.scene.control.Alert a = new javafx.scene.control.Alert(
                            javafx.scene.control.Alert.AlertType.INFORMATION, texts.get("renewal.notFound"));
                    a.setTitle(texts.get("window.title", texts.get("title.renewal")));
                    a.setHeaderText(null);
                    a.show();
                }
            });
        });
    }

    private static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    public Stage stage() {
        return stage;
    }

    /** Shows the window and reads the tokens. */
    public RequestView show() {
        stage.show();
        Views.fitScreen(stage);
        stage.toFront();
        stage.requestFocus();
        status.setText(m.get("status.reading"));
        create.setDisable(true);
        background.execute(() -> {
            List<Target> targets = model.targets();
            Platform.runLater(() -> showTargets(targets));
        });
        return this;
    }

    // ---- building ----------------------------------------------------------------------------------

    private void build() {
        Views.shown(resultScroll, false);
        resultFile.setId("result-file");
        intro.setText(m.get(model.renewal() ? "intro.renewal" : "intro.new"));
        for (Label l : List.of(targetNote, keyNote, strength, passwordError, profileNote, challengeError, status)) {
            Views.hiddenWhenEmpty(l);
        }
        target.setCellFactory(l -> new TargetCell());
        target.setButtonCell(new TargetCell());
        target.valueProperty().addListener((o, was, now) -> targetChosen(now));
        key.setCellFactory(l -> new KeyCell());
        key.setButtonCell(new KeyCell());
        key.valueProperty().addListener((o, was, now) -> keyChosen(now));
        password.textProperty().addListener((o, was, now) -> showStrength());
        Views.shown(keyFileBox, false);
        column(passwordGrid);
        column(challengeGrid);
        ToggleGroup profiles = new ToggleGroup();
        belarus.setToggleGroup(profiles);
        russia.setToggleGroup(profiles);
        belarus.setId("profile-belarus");
        russia.setId("profile-russia");
        profiles.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                profileChosen(now == belarus ? Profile.BELARUS : Profile.RUSSIA);
            }
        });
        if (model.renewal()) {
            Views.shown(subjectBox, false);
            showRenewal();
        } else {
            Views.shown(renewalBox, false);
            Profile start = RequestViewModel.defaultProfile(Messages.current());
            (start == Profile.BELARUS ? belarus : russia).setSelected(true);
        }
        showChallenge();
        keyLabel.setPromptText(defaultLabel());
        Views.shown(openFolder, true);
    }

    private void showRenewal() {
        try {
            CertificateView v = CertificateView.of(model.renewFrom());
            renewedName.setText(v.displayName());
            renewedIssuer.setText(m.get("renewal.issuer", v.issuerName() != null ? v.issuerName() : v.issuerDn()));
            renewedValidTo.setText(m.get("renewal.validTo", java.time.format.DateTimeFormatter
                    .ofPattern(m.get("date.pattern"), Messages.current().locale())
                    .format(v.notAfter().atZone(java.time.ZoneId.systemDefault()))));
        } catch (java.security.cert.CertificateException e) {
            renewedName.setText(model.renewFrom().getSubjectX500Principal().getName());
        }
        renewedSubject.setId("renewed-subject");
        column(renewedSubject);
        int row = 0;
        for (SubjectSpec.Attribute a : SubjectSpec.lines(model.renewedSubject())) {
            Label name = new Label(a.type());
            name.getStyleClass().add("field-label");
            Label value = new Label(a.value());
            value.setWrapText(true);
            value.setMinHeight(Region.USE_PREF_SIZE);
            renewedSubject.addRow(row++, name, value);
        }
    }

    private static void column(GridPane grid) {
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().setAll(names, values);
    }

    private void profileChosen(Profile p) {
        rememberTyped();
        profile = p;
        profileNote.setText(m.get(p == Profile.BELARUS ? "profile.belarus.note" : "profile.russia.note"));
        fields.getChildren().clear();
        fields.getRowConstraints().clear();
        inputs.clear();
        errors.clear();
        column(fields);
        int row = 0;
        for (Field f : RequestViewModel.fields(p)) {
            String text = m.get(f.textKey());
            Label name = new Label(text.contains(f.type()) ? text : text + " (" + f.type() + ")");
            name.getStyleClass().add("field-label");
            name.setWrapText(true);
            name.setMaxWidth(18 * 14);
            name.setMinHeight(Region.USE_PREF_SIZE);
            Node labelNode = name;
            if (f.required()) {
                Label mark = new Label("*");
                mark.getStyleClass().add("required-mark");
                labelNode = new HBox(2, name, mark);
            }
            TextField input = new TextField(typed.getOrDefault(f.type(), f.type().equals("C")
                    ? RequestViewModel.defaultCountry(p) : ""));
            input.setId("field-" + f.type());
            input.setAccessibleText(m.get(f.textKey()) + (f.required() ? ", " + m.get("required.accessible") : ""));
            input.textProperty().addListener((o, was, now) -> clearError(f.type()));
            Label error = new Label();
            error.setId("error-" + f.type());
            error.getStyleClass().add("field-error");
            error.setWrapText(true);
            error.setMinHeight(Region.USE_PREF_SIZE);
            Views.hiddenWhenEmpty(error);
            fields.add(labelNode, 0, row);
            fields.add(input, 1, row);
            fields.add(error, 1, row + 1);
            inputs.put(f.type(), input);
            errors.put(f.type(), error);
            row += 2;
        }
        Label legend = new Label(m.get("required.legend"));
        legend.getStyleClass().add("muted");
        legend.setWrapText(true);
        fields.add(legend, 0, row, 2, 1);
        showChallenge();
    }

    private void rememberTyped() {
        inputs.forEach((type, field) -> typed.put(type, field.getText()));
    }

    /** The challenge password belongs to the Belarus profile: shown there and for renewals. */
    private void showChallenge() {
        Views.shown(challengeBox, model.renewal() || profile == Profile.BELARUS);
    }

    private void showTargets(List<Target> targets) {
        status.setText("");
        target.getItems().setAll(targets);
        target.setValue(model.defaultTarget(targets));
        if (model.startedOnKeyFile()) {
            targetNote.setText(m.get("target.keyFileStart"));
        }
        create.setDisable(false);
        Platform.runLater(() -> (target.getItems().size() > 1 ? target : key).requestFocus());
    }

    private void targetChosen(Target t) {
        if (t == null) {
            return;
        }
        boolean file = t.newKeyFile();
        Views.shown(keyFileBox, file);
        if (file) {
            targetNote.setText(m.get(model.startedOnKeyFile() ? "target.keyFileStart" : "target.keyFileNote"));
        } else {
            targetNote.setText(m.get("target.tokenNote"));
        }
        background.execute(() -> {
            List<KeyChoice> choices = model.keyChoices(t);
            Optional<KeyChoice> chosen = model.defaultKey(choices);
            Platform.runLater(() -> {
                if (target.getValue() != t) {
                    return;
                }
                key.getItems().setAll(choices);
                key.setValue(chosen.orElse(null));
                keyChosen(key.getValue());
            });
        });
    }

    private void keyChosen(KeyChoice k) {
        boolean anyDisallowed = key.getItems().stream().anyMatch(c -> !c.allowed());
        if (key.getItems().isEmpty()) {
            keyNote.setText(m.get("key.none"));
        } else if (k != null && !k.allowed()) {
            keyNote.setText(m.get("key.notAllowed"));
        } else if (anyDisallowed) {
            keyNote.setText(m.get("key.someNotAllowed"));
        } else {
            keyNote.setText("");
        }
    }

    private void showStrength() {
        strength.getStyleClass().removeIf(c -> c.startsWith("strength-"));
        if (password.getCharacters().isEmpty()) {
            strength.setText(m.get("keyFile.rule"));
            return;
        }
        int s = RequestViewModel.passwordStrength(password.getCharacters());
        strength.getStyleClass().add("strength-" + s);
        strength.setText(m.get("keyFile.strength." + s));
    }

    // ---- creating ----------------------------------------------------------------------------------

    @FXML
    void create() {
        if (made != null) {
            return;
        }
        Target t = target.getValue();
        KeyChoice k = key.getValue();
        X500Name subject = checkedSubject();
        String challenge = checkedChallenge();
        String labelProblem = RequestViewModel.labelProblem(keyLabel.getText().strip());
        char[] pass = t != null && t.newKeyFile() ? checkedPassword() : new char[0];
        if (subject == null || challenge == null || labelProblem != null || pass == null || t == null
                || k == null || !k.allowed()) {
            if (pass != null) {
                Arrays.fill(pass, '\0');
            }
            status.setText(m.get(labelProblem != null ? labelProblem : k == null || !k.allowed() ? "key.choose"
                    : "status.fix"));
            status.getStyleClass().setAll("label", "error");
            return;
        }
        status.getStyleClass().setAll("label");
        String typedLabel = keyLabel.getText().strip();
        usedLabel = typedLabel.isEmpty() ? defaultLabel() : typedLabel;
        String challengeValue = challenge.isEmpty() ? null : challenge;
        if (t.newKeyFile()) {
            Optional<Path> where = files.keyFile(stage, RequestViewModel.suggestedName(subject, LocalDate.now())
                    .replaceAll("\\.req$", ".p12"));
            if (where.isEmpty()) {
                Arrays.fill(pass, '\0');
                return;
            }
            if (Files.exists(where.get())) {
                Arrays.fill(pass, '\0');
                status.setText(m.get("keyFile.exists"));
                status.getStyleClass().setAll("label", "error");
                return;
            }
            busy(true, "status.creatingFile");
            Path keyFile = where.get();
            background.execute(() -> {
                try {
                    Made result = model.createInKeyFile(k, subject, challengeValue, usedLabel, pass, keyFile);
                    Platform.runLater(() -> created(result, subject));
                } catch (FileAlreadyExistsException e) {
                    Platform.runLater(() -> failed("keyFile.exists"));
                } catch (PechatkaException | java.io.IOException | RuntimeException e) {
                    Platform.runLater(() -> failed(problemKey(e)));
                } finally {
                    Arrays.fill(pass, '\0');
                }
            });
            password.clear();
            passwordRepeat.clear();
            return;
        }
        busy(true, "status.creating");
        CertificateDialogs pins = new CertificateDialogs(stage, Messages.forScreen(CertificatesView.class), null);
        background.execute(() -> {
            try {
                Made result = model.createOnToken(t, k, subject, challengeValue, usedLabel, pins.pinSource(t.label()));
                Platform.runLater(() -> created(result, subject));
            } catch (PechatkaException | RuntimeException e) {
                Platform.runLater(() -> failed(problemKey(e)));
            }
        });
    }

    private String defaultLabel() {
        return "Pechatka " + LocalDate.now();
    }

    private static String problemKey(Exception e) {
        return switch (e) {
            case PechatkaException.UserCancelled c -> "status.cancelled";
            case PechatkaException.PinLocked l -> "problem.pinLocked";
            case PechatkaException.PinIncorrect p -> "problem.pinIncorrect";
            case PechatkaException.TokenNotPresent n -> "problem.tokenGone";
            case PechatkaException.TokenRemoved r -> "problem.tokenGone";
            case PechatkaException.AlgorithmUnsupported a -> "problem.algorithm";
            case PechatkaException.OperationNotAllowed o -> "problem.notAllowed";
            case java.io.IOException io -> "problem.file";
            default -> "problem.other";
        };
    }

    private void failed(String key) {
        busy(false, null);
        status.setText(m.get(key));
        status.getStyleClass().setAll("label", key.equals("status.cancelled") ? "muted" : "error");
    }

    private void busy(boolean on, String textKey) {
        form.setDisable(on);
        create.setDisable(on);
        if (textKey != null) {
            status.getStyleClass().setAll("label");
            status.setText(m.get(textKey));
        }
    }

    /** The subject from the form (problems shown at their fields) or the renewed one; null when a field is wrong. */
    private X500Name checkedSubject() {
        if (model.renewal()) {
            return model.renewedSubject();
        }
        Map<String, String> values = new LinkedHashMap<>();
        inputs.forEach((type, field) -> values.put(type, field.getText()));
        Map<String, Problem> problems = RequestViewModel.check(profile, values);
        TextField first = null;
        for (Map.Entry<String, TextField> e : inputs.entrySet()) {
            Problem p = problems.get(e.getKey());
            showError(e.getKey(), p);
            if (p != null && first == null) {
                first = e.getValue();
            }
        }
        if (first != null) {
            TextField focus = first;
            focus.requestFocus();
            Platform.runLater(() -> scrollTo(focus));
            return null;
        }
        return RequestViewModel.subject(profile, values);
    }

    private void scrollTo(Node node) {
        double contentHeight = form.getBoundsInLocal().getHeight();
        double viewport = formScroll.getViewportBounds().getHeight();
        if (contentHeight <= viewport) {
            return;
        }
        double y = form.sceneToLocal(node.localToScene(0, 0)).getY();
        formScroll.setVvalue(Math.max(0, Math.min(1, (y - viewport / 3) / (contentHeight - viewport))));
    }

    private void showError(String type, Problem p) {
        Label error = errors.get(type);
        TextField input = inputs.get(type);
        if (p == null) {
            clearError(type);
            return;
        }
        error.setText(m.get(p.textKey(), p.length()));
        if (!input.getStyleClass().contains("invalid")) {
            input.getStyleClass().add("invalid");
        }
    }

    private void clearError(String type) {
        Label error = errors.get(type);
        if (error != null) {
            error.setText("");
            inputs.get(type).getStyleClass().remove("invalid");
        }
    }

    /** The challengePassword, "" for none, null when the text is wrong. */
    private String checkedChallenge() {
        challengeError.setText("");
        if (!challengeBox.isVisible() || challengePassword.getText().isEmpty()) {
            return "";
        }
        if (challengeInfo.getText().contains("/")) {
            challengeError.setText(m.get("challenge.slash"));
            challengeInfo.requestFocus();
            return null;
        }
        return RequestViewModel.challenge(challengePassword.getText(), challengeInfo.getText());
    }

    /** The new key file's password, or null (with the problem shown) when it is too short or not repeated. */
    private char[] checkedPassword() {
        passwordError.setText("");
        CharSequence a = password.getCharacters();
        CharSequence b = passwordRepeat.getCharacters();
        if (RequestViewModel.passwordStrength(a) == 0) {
            passwordError.setText(m.get("keyFile.tooShort"));
            password.requestFocus();
            return null;
        }
        if (!sameCharacters(a, b)) {
            passwordError.setText(m.get("keyFile.mismatch"));
            passwordRepeat.requestFocus();
            return null;
        }
        char[] out = new char[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.charAt(i);
        }
        return out;
    }

    /** Compares two passwords without making a String of either. */
    private static boolean sameCharacters(CharSequence a, CharSequence b) {
        if (a.length() != b.length()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length(); i++) {
            diff |= a.charAt(i) ^ b.charAt(i);
        }
        return diff == 0;
    }

    /** The key and request are made: ask where the request goes, then show the result. */
    private void created(Made result, X500Name subject) {
        made = result;
        busy(false, null);
        status.setText("");
        showResult();
        saveRequest(RequestViewModel.suggestedName(subject, LocalDate.now()));
    }

    @FXML
    void saveRequest() {
        if (made != null) {
            saveRequest(RequestViewModel.suggestedName(made.request().getSubject(), LocalDate.now()));
        }
    }

    private void saveRequest(String suggested) {
        Optional<FileTargets.Saved> where = files.request(stage, suggested);
        if (where.isEmpty()) {
            showResult();
            return;
        }
        FileTargets.Saved s = where.get();
        byte[] content = RequestViewModel.encode(made.request(), s.format());
        try {
            RequestViewModel.save(s.file(), content, s.overwriteConfirmed());
            savedTo = s.file();
            status.getStyleClass().setAll("label");
            status.setText("");
        } catch (FileAlreadyExistsException e) {
            status.setText(m.get("save.exists"));
            status.getStyleClass().setAll("label", "error");
        } catch (java.io.IOException e) {
            status.setText(m.get("problem.file"));
            status.getStyleClass().setAll("label", "error");
        }
        showResult();
    }

    private void showResult() {
        Views.shown(formScroll, false);
        Views.shown(resultScroll, true);
        Views.shown(create, false);
        cancel.setText(m.get("button.close"));
        cancel.setDefaultButton(true);
        resultFile.setText(savedTo != null ? savedTo.toAbsolutePath().toString() : m.get("result.notSaved"));
        saveAgain.setText(m.get(savedTo != null ? "result.saveAgain" : "result.save"));
        openFolder.setDisable(savedTo == null);
        Views.shown(openFolder, savedTo != null);
        if (made.keyFileSaved() != null) {
            Path saved = made.keyFileSaved().toAbsolutePath().normalize();
            boolean seen = keyDirectory == null || keyDirectory.equals(saved.getParent());
            resultKeyPlace.setText(m.get("result.inKeyFile", saved.toString())
                    + (seen ? "" : "\n" + m.get("result.keyFileElsewhere", keyDirectory.toString())));
        } else {
            resultKeyPlace.setText(m.get("result.onToken", target.getValue().label()));
        }
        resultKeyId.setText(m.get("result.keyId", made.keyIdHex()));
        resultKeyLabel.setText(m.get("result.keyLabel", usedLabel));
        resultNext.setText(m.get(made.keyFileSaved() != null ? "result.next.keyFile" : "result.next.token"));
        stage.sizeToScene(); // the result is much shorter than the form: no empty half window
        Platform.runLater(() -> (savedTo != null ? cancel : saveAgain).requestFocus());
    }

    @FXML
    void openFolder() {
        if (savedTo == null) {
            return;
        }
        Path folder = savedTo.toAbsolutePath().getParent();
        background.execute(() -> {
            try {
                FolderOpener.open(folder);
            } catch (java.io.IOException | RuntimeException e) {
                Platform.runLater(() -> status.setText(m.get("problem.openFolder")));
            }
        });
    }

    @FXML
    void cancel() {
        password.clear();
        passwordRepeat.clear();
        challengePassword.clear();
        stage.close();
    }

    // ---- cells -------------------------------------------------------------------------------------

    private final class TargetCell extends ListCell<Target> {
        @Override
        protected void updateItem(Target t, boolean empty) {
            super.updateItem(t, empty);
            setText(empty || t == null ? null : t.newKeyFile() ? m.get("target.newKeyFile") : m.get("target.token", t.label()));
        }
    }

    private final class KeyCell extends ListCell<KeyChoice> {
        @Override
        protected void updateItem(KeyChoice k, boolean empty) {
            super.updateItem(k, empty);
            if (empty || k == null) {
                setText(null);
                setDisable(false);
                return;
            }
            String name = m.get("key." + k.protocolName());
            setText(k.allowed() ? name : m.get("key.disallowed", name));
            setDisable(!k.allowed());
        }
    }

    /** The system's save dialogs: they confirm replacing an existing file themselves. */
    private static final class SystemDialogs implements FileTargets {

        private final Messages m;

        private final Path keyDirectory;

        SystemDialogs(Messages m, Path keyDirectory) {
            this.m = m;
            this.keyDirectory = keyDirectory;
        }

        @Override
        public Optional<Saved> request(Stage owner, String suggestedName) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(m.get("window.title", m.get("save.title")));
            FileChooser.ExtensionFilter pem = new FileChooser.ExtensionFilter(m.get("save.pem"), "*.req", "*.pem", "*.csr");
            FileChooser.ExtensionFilter der = new FileChooser.ExtensionFilter(m.get("save.der"), "*.der");
            chooser.getExtensionFilters().addAll(pem, der);
            chooser.setInitialFileName(suggestedName);
            File file = chooser.showSaveDialog(owner);
            if (file == null) {
                return Optional.empty();
            }
            Path path = file.toPath();
            boolean derChosen = chooser.getSelectedExtensionFilter() == der;
            String name = path.getFileName().toString();
            if (!name.contains(".")) {
                // a name without extension gets one: that file was not the one confirmed
                return Optional.of(new Saved(path.resolveSibling(name + (derChosen ? ".der" : ".req")),
                        derChosen ? RequestViewModel.Format.DER : RequestViewModel.Format.PEM, false));
            }
            boolean der2 = derChosen || name.toLowerCase(Locale.ROOT).endsWith(".der");
            return Optional.of(new Saved(path, der2 ? RequestViewModel.Format.DER : RequestViewModel.Format.PEM, true));
        }

        @Override
        public Optional<Path> keyFile(Stage owner, String suggestedName) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(m.get("window.title", m.get("keyFile.saveTitle")));
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(m.get("keyFile.filter"), "*.p12", "*.pfx"));
            chooser.setInitialFileName(suggestedName);
            if (keyDirectory != null) {
                try {
                    // the folder Pechatka finds key files in: saved there, the file is listed at once
                    chooser.setInitialDirectory(org.pechatka.platform.AtomicFiles.ownerOnlyDirectory(keyDirectory).toFile());
                } catch (java.io.IOException e) {
                    // the dialog opens where it likes
                }
            }
            File file = chooser.showSaveDialog(owner);
            if (file == null) {
                return Optional.empty();
            }
            Path path = file.toPath();
            return Optional.of(path.getFileName().toString().contains(".") ? path
                    : path.resolveSibling(path.getFileName() + ".p12"));
        }
    }
}
