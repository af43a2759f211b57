package org.pechatka.ui.settings;

/** The sections of the Settings window, in the order of its side list. */
public enum Section {
    TRUSTED_SITES("sites"),
    TOKEN_MODULES("modules"),
    LANGUAGE("language"),
    STARTUP("startup"),
    LOCAL_CERTIFICATE("certificate"),
    LOGS("logs");

    private final String id;

    Section(String id) {
        this.id = id;
    }

    /** The section's short name: its FXML ({@code <id>.fxml}), its text key ({@code section.<id>}), node ids. */
    public String id() {
        return id;
    }
}
