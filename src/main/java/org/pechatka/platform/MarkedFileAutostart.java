package org.pechatka.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * An autostart that is one file carrying a marker (XDG desktop entry, macOS LaunchAgent): the file
 * is Pechatka's own only while the marker is in it. It is written atomically, and a file without
 * the marker is someone else's: never overwritten ({@link NotOursException}) nor deleted.
 * Subclasses say what the file holds and how its text reads.
 */
abstract class MarkedFileAutostart implements Autostart {

    private final Path file;
    private final List<String> command;

    MarkedFileAutostart(Path file, List<String> command) {
        this.file = file;
        this.command = List.copyOf(command);
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("no command to start Pechatka");
        }
    }

    /** The autostart file. */
    public final Path file() {
        return file;
    }

    /** The program and arguments that start Pechatka. */
    final List<String> command() {
        return command;
    }

    @Override
    public final String location() {
        return file.toString();
    }

    @Override
    public final State state() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return withoutFile();
        } catch (IOException e) {
            return unreadable();
        }
        return stateOf(text);
    }

    /** The state a file with this text means: {@link State#FOREIGN} without the marker. */
    abstract State stateOf(String text);

    /** The state when the file cannot be read (not for want of the file). */
    abstract State unreadable();

    /** The file's content. */
    abstract String content();

    /** The state when there is no file: nothing starts Pechatka, unless a subclass knows better. */
    State withoutFile() {
        return State.DISABLED;
    }

    /**
     * The content that switches autostart off, or null when deleting the file does: a subclass
     * whose desktop also starts entries from elsewhere (a system-wide entry) writes one that
     * overrides it.
     */
    String offContent() {
        return null;
    }

    @Override
    public final void enable() throws IOException {
        if (state() == State.FOREIGN) {
            throw new NotOursException(file.toString());
        }
        AtomicFiles.replace(file, content().getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public final void disable() throws IOException {
        if (state() == State.FOREIGN) {
            return;
        }
        String off = offContent();
        if (off == null) {
            Files.deleteIfExists(file);
        } else {
            AtomicFiles.replace(file, off.getBytes(StandardCharsets.UTF_8), false);
        }
    }
}
