package org.pechatka.ui.truststore;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javafx.stage.Stage;

/** File dialogs answered by the test: the next path to open / save to, or empty for Cancel. */
public final class ScriptedFiles implements CertificateFiles {

    private final Deque<Optional<Path>> opens = new ArrayDeque<>();
    private final Deque<Optional<Path>> saves = new ArrayDeque<>();

    public ScriptedFiles open(Path p) {
        opens.add(Optional.ofNullable(p));
        return this;
    }

    public ScriptedFiles saveTo(Path p) {
        saves.add(Optional.ofNullable(p));
        return this;
    }

    @Override
    public Optional<Path> open(Stage owner) {
        Optional<Path> next = opens.poll();
        return next == null ? Optional.empty() : next;
    }

    @Override
    public Optional<Path> save(Stage owner, String suggestedName) {
        Optional<Path> next = saves.poll();
        return next == null ? Optional.empty() : next;
    }
}
