package org.pechatka.ui.truststore;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.pechatka.ui.common.Messages;

/**
 * Which certificate file to read or where to write one: the system's file dialogs, or a path
 * given by a test. Shared by the trust store window and the certificate import.
 */
public interface CertificateFiles {

    /** The file to read; empty when the person cancels. */
    Optional<Path> open(Stage owner);

    /** The new file to write, named {@code suggestedName} plus an extension by default; empty when cancelled. */
    Optional<Path> save(Stage owner, String suggestedName);

    /** The system's dialogs, filtered to certificate files. */
    static CertificateFiles system() {
        return new CertificateFiles() {
            @Override
            public Optional<Path> open(Stage owner) {
                Messages m = Messages.forScreen(TrustStoreView.class);
                FileChooser chooser = new FileChooser();
                chooser.setTitle(m.get("window.title", m.get("files.open")));
                chooser.getExtensionFilters().addAll(
                        new FileChooser.ExtensionFilter(m.get("files.certificates"),
                                "*.cer", "*.crt", "*.der", "*.pem", "*.p7b", "*.p7c"),
                        new FileChooser.ExtensionFilter(m.get("files.all"), "*"));
                File f = chooser.showOpenDialog(owner);
                return Optional.ofNullable(f).map(File::toPath);
            }

            @Override
            public Optional<Path> save(Stage owner, String suggestedName) {
                Messages m = Messages.forScreen(TrustStoreView.class);
                FileChooser chooser = new FileChooser();
                chooser.setTitle(m.get("window.title", m.get("files.save")));
                FileChooser.ExtensionFilter der = new FileChooser.ExtensionFilter(m.get("files.der"), "*.cer", "*.der");
                FileChooser.ExtensionFilter pem = new FileChooser.ExtensionFilter(m.get("files.pem"), "*.pem", "*.crt");
                chooser.getExtensionFilters().addAll(der, pem);
                chooser.setInitialFileName(suggestedName + ".cer");
                File f = chooser.showSaveDialog(owner);
                if (f == null) {
                    return Optional.empty();
                }
                Path p = f.toPath();
                if (!p.getFileName().toString().contains(".")) {
                    p = p.resolveSibling(p.getFileName() + (chooser.getSelectedExtensionFilter() == pem ? ".pem" : ".cer"));
                }
                return Optional.of(p);
            }
        };
    }
}
