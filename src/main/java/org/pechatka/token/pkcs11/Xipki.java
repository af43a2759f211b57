package org.pechatka.token.pkcs11;

import java.util.concurrent.atomic.AtomicBoolean;
import org.xipki.pkcs11.wrapper.Logger;
import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * Routes the xipki wrapper's own logging (which otherwise goes to standard output) to the JDK's
 * platform logging at DEBUG and below; its warnings and errors stay warnings and errors. The wrapper
 * logs lengths and handles, never PINs or data.
 */
final class Xipki {

    private static final AtomicBoolean ROUTED = new AtomicBoolean();

    private Xipki() {}

    static void routeLogging() {
        if (!ROUTED.compareAndSet(false, true)) {
            return;
        }
        System.Logger log = System.getLogger("org.xipki.pkcs11.wrapper");
        StaticLogger.setLogger(new Logger() {
            @Override
            public void info(String format, Object... arguments) {
                log(System.Logger.Level.DEBUG, format, arguments);
            }

            @Override
            public void warn(String format, Object... arguments) {
                log(System.Logger.Level.WARNING, format, arguments);
            }

            @Override
            public void error(String format, Object... arguments) {
                log(System.Logger.Level.ERROR, format, arguments);
            }

            @Override
            public void debug(String format, Object... arguments) {
                log(System.Logger.Level.TRACE, format, arguments);
            }

            @Override
            public void trace(String format, Object... arguments) {
                log(System.Logger.Level.TRACE, format, arguments);
            }

            @Override
            public boolean isDebugEnabled() {
                return log.isLoggable(System.Logger.Level.TRACE);
            }

            @Override
            public boolean isInfoEnabled() {
                return log.isLoggable(System.Logger.Level.DEBUG);
            }

            @Override
            public boolean isWarnEnabled() {
                return log.isLoggable(System.Logger.Level.WARNING);
            }

            @Override
            public boolean isTraceEnabled() {
                return log.isLoggable(System.Logger.Level.TRACE);
            }

            private void log(System.Logger.Level level, String format, Object... arguments) {
                if (log.isLoggable(level)) {
                    log.log(level, slf4jStyle(format, arguments));
                }
            }
        });
    }

    /** Fills SLF4J-style {} placeholders. */
    static String slf4jStyle(String format, Object... arguments) {
        if (format == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(format.length() + 32);
        int arg = 0;
        int i = 0;
        while (i < format.length()) {
            int j = format.indexOf("{}", i);
            if (j < 0 || arguments == null || arg >= arguments.length) {
                sb.append(format, i, format.length());
                break;
            }
            sb.append(format, i, j).append(arguments[arg++]);
            i = j + 2;
        }
        return sb.toString();
    }
}
