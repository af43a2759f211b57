package org.pechatka.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every {@code java.util.logging} record of this JVM (where the JDK platform logging of
 * Pechatka, Jetty's slf4j and the PKCS#11 wrapper's log all end up) while installed: a handler at
 * ALL on the root logger, and (with {@link #everything()}) the root logger opened to ALL, so DEBUG
 * and TRACE records are produced wherever no logger has a level of its own. {@link #close()} puts
 * the root level back.
 */
public final class LogCapture implements AutoCloseable {

    /** One record as text: its level, its logger, the formatted message and every thrown's text. */
    public record Entry(Level level, String logger, String text) {

        public boolean atLeast(Level l) {
            return level.intValue() >= l.intValue();
        }

        @Override
        public String toString() {
            return level + " " + logger + ": " + text;
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Level rootLevel;
    private final Handler handler;

    private LogCapture(boolean allLevels) {
        SimpleFormatter formatter = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder text = new StringBuilder();
                try {
                    text.append(formatter.formatMessage(record));
                } catch (RuntimeException e) {
                    text.append(record.getMessage());
                }
                text.append(" | raw: ").append(record.getMessage());
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        text.append(" | param: ").append(p);
                    }
                }
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    text.append(" | thrown: ").append(trace);
                }
                entries.add(new Entry(record.getLevel(), record.getLoggerName(), text.toString()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        rootLevel = root.getLevel();
        if (allLevels) {
            // as a person who turns on DEBUG for everything: loggers given a level of their own keep it
            root.setLevel(Level.ALL);
        }
        root.addHandler(handler);
    }

    /** Captures records at every level, DEBUG and TRACE included. */
    public static LogCapture everything() {
        return new LogCapture(true);
    }

    /** Captures the records the loggers produce at their configured levels. */
    public static LogCapture asConfigured() {
        return new LogCapture(false);
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    /** The entries whose text contains {@code needle}. */
    public List<Entry> containing(String needle) {
        return entries.stream().filter(e -> e.text().contains(needle)).toList();
    }

    public void clear() {
        entries.clear();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(rootLevel);
    }
}
