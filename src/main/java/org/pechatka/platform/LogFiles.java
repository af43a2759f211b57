package org.pechatka.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The running app's log files, for the person and the help desk (Settings → Logs opens the folder):
 * {@code pechatka-0.log} (newest) to {@code pechatka-4.log}, 1 MiB each, in a folder only the user
 * can read. The same messages as on standard error, with a timestamp; INFO and above, so by the
 * project's rule no PIN, document, digest, nonce or personal data ever reaches them.
 */
public final class LogFiles {

    static final int LIMIT_BYTES = 1024 * 1024;
    static final int COUNT = 5;

    private LogFiles() {}

    /**
     * Adds the rotating log files in {@code dir} to the root logger; returns the handler (close it
     * at exit) or throws when the folder cannot be made or written.
     */
    public static FileHandler install(Path dir) throws IOException {
        AtomicFiles.ownerOnlyDirectory(dir);
        FileHandler handler = new FileHandler(dir.resolve("pechatka-%g.log").toString(), LIMIT_BYTES, COUNT, true);
        handler.setEncoding("UTF-8");
        handler.setLevel(Level.INFO);
        handler.setFormatter(new Line());
        Logger.getLogger("").addHandler(handler);
        return handler;
    }

    /**
     * Sets the level of the app's logs (the admin policy's {@code logLevel}): the root logger's and
     * that of every handler on it (standard error, the log files), so {@code DEBUG} reaches the files.
     */
    public static void level(Level level) {
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(level);
        }
    }

    /** One line per record: time, level, logger, message, and the exception's stack when there is one. */
    static final class Line extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(160);
            b.append(String.format("%1$tF %1$tT.%1$tL %2$s %3$s: %4$s%n", r.getMillis(), r.getLevel().getName(),
                    r.getLoggerName(), formatMessage(r)));
            if (r.getThrown() != null) {
                java.io.StringWriter w = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(w));
                b.append(w);
            }
            return b.toString();
        }
    }
}
