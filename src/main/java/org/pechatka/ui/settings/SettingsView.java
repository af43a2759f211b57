package org.pechatka.ui.settings;

import java.util.EnumMap;
import java.util.Map;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import org.pechatka.desktop.AdminNote;
import org.pechatka.ui.common.Messages;
import org.pechatka.ui.common.Views;

/**
 * The Settings window's frame: the list of sections on the left (Up/Down switch, Tab moves into
 * the section) and the chosen section on the right, built when first opened.
 */
final class SettingsView {

    /** The view models behind the sections. */
    record Models(SitesViewModel sites, ModulesViewModel modules, PreferencesViewModel preferences,
            TrustViewModel trust, AdminNote admin) {}

    @FXML
    private ListView<Section> sections;
    @FXML
    private ScrollPane scroll;
    @FXML
    private Button close;
    @FXML
    private VBox admin;
    @FXML
    private Label adminTitle;
    @FXML
    private Label adminText;
    @FXML
    private Label adminDetails;
    @FXML
    private Label adminSource;

    private final Models models;
    private final Messages messages;
    private final Parent root;
    private final Map<Section, SectionPage> pages = new EnumMap<>(Section.class);

    SettingsView(Models models, Messages messages, Runnable onClose) {
        this.models = models;
        this.messages = messages;
        this.root = Views.load(this, "settings.fxml", messages);
        sections.getItems().setAll(Section.values());
        sections.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Section s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : messages.get("section." + s.id()));
                setId(empty || s == null ? null : "section-" + s.id());
            }
        });
        sections.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                models.preferences().problem().set(null);
                scroll.setContent(page(now).root());
                scroll.setVvalue(0);
            }
        });
        close.setOnAction(e -> onClose.run());
        showAdmin(models.admin());
    }

    /**
     * The administrator's note above everything: that some settings are set by the administrator and
     * by which policy, or, when the policy could not be used, that Pechatka runs with its safest
     * settings and the problem for the help desk. Hidden without a policy.
     */
    private void showAdmin(AdminNote note) {
        boolean broken = note.problem() != null;
        admin.setVisible(note.present());
        admin.setManaged(note.present());
        if (!note.present()) {
            return;
        }
        admin.getStyleClass().add(broken ? "admin-banner-broken" : "admin-banner-ok");
        adminTitle.setText(messages.get(broken ? "admin.broken.title" : "admin.banner"));
        adminText.setText(broken ? messages.get("admin.broken.text")
                : note.warnings().isEmpty() ? "" : messages.get("admin.warnings"));
        adminText.setVisible(!adminText.getText().isEmpty());
        adminText.setManaged(adminText.isVisible());
        String details = broken ? note.problem() : String.join("\n", note.warnings());
        adminDetails.setText(details);
        adminDetails.setVisible(!details.isEmpty());
        adminDetails.setManaged(adminDetails.isVisible());
        adminSource.setText(messages.get("admin.source", note.source()));
        admin.setAccessibleText(adminTitle.getText() + " " + adminText.getText() + " " + details);
    }

    Parent root() {
        return root;
    }

    /** Opens a section and puts the focus in it. */
    void select(Section section) {
        sections.getSelectionModel().select(section);
        sections.scrollTo(section);
        page(section).refresh();
        page(section).focusTarget().requestFocus();
    }

    Section selected() {
        return sections.getSelectionModel().getSelectedItem();
    }

    /** Escape: first the open section's (a warning closes), else false (the window closes). */
    boolean escape() {
        Section s = selected();
        return s != null && page(s).escape();
    }

    SectionPage page(Section section) {
        return pages.computeIfAbsent(section, s -> switch (s) {
            case TRUSTED_SITES -> new SitesSection(models.sites(), messages);
            case TOKEN_MODULES -> new ModulesSection(models.modules(), messages);
            case LANGUAGE -> new LanguageSection(models.preferences(), messages);
            case STARTUP -> new StartupSection(models.preferences(), messages);
            case LOCAL_CERTIFICATE -> new CertificateSection(models.trust(), messages);
            case LOGS -> new LogsSection(models.preferences(), messages);
        });
    }
}
