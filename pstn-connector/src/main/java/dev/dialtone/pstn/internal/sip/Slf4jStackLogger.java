package dev.dialtone.pstn.internal.sip;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.core.StackLogger;

/**
 * JAIN-SIP's {@code gov.nist.javax.sip.STACK_LOGGER}: everything the stack says goes to SLF4J logger
 * {@value #NAME}. Warnings and errors are capped at {@value #MAX_PER_MINUTE} lines a minute (the
 * stack logs whole messages when it drops malformed ones, so a flood of garbage must not become a
 * flood of log lines); the number suppressed is reported with the next line that gets through.
 * Instantiated by JAIN-SIP through its no-argument constructor.
 */
public final class Slf4jStackLogger implements StackLogger {
    public static final String NAME = "gov.nist.javax.sip";
    static final int MAX_PER_MINUTE = 30;
    private static final Logger LOG = LoggerFactory.getLogger(NAME);
    private static final AtomicLong WINDOW_START = new AtomicLong(System.nanoTime());
    private static final AtomicLong IN_WINDOW = new AtomicLong();
    private static final AtomicLong SUPPRESSED = new AtomicLong();

    public Slf4jStackLogger() {
        // JAIN-SIP creates it by reflection
    }

    /** Returns the suppressed count to append, or -1 if this line must be dropped. */
    private static long admit() {
        long now = System.nanoTime();
        long start = WINDOW_START.get();
        if (now - start > 60_000_000_000L && WINDOW_START.compareAndSet(start, now)) {
            IN_WINDOW.set(0);
        }
        if (IN_WINDOW.incrementAndGet() > MAX_PER_MINUTE) {
            SUPPRESSED.incrementAndGet();
            return -1;
        }
        return SUPPRESSED.getAndSet(0);
    }

    private static String shorten(String message) {
        if (message == null) {
            return "";
        }
        return message.length() > 500 ? message.substring(0, 500) + "…(" + message.length() + " chars)" : message;
    }

    private static void warn(String message, Throwable t) {
        long suppressed = admit();
        if (suppressed < 0) {
            return;
        }
        String text = shorten(message) + (suppressed > 0 ? " [" + suppressed + " stack warnings suppressed]" : "");
        if (t == null) {
            LOG.warn(text);
        } else {
            LOG.warn(text, t);
        }
    }

    @Override
    public void logStackTrace() {
        if (LOG.isTraceEnabled()) {
            LOG.trace("stack trace", new Throwable("stack trace"));
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        warn("JAIN-SIP exception: " + ex, LOG.isDebugEnabled() ? ex : null);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(shorten(message));
    }

    @Override
    public void logError(String message) {
        warn(message, null);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isWarnEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        if (logLevel >= TRACE_TRACE) {
            return LOG.isTraceEnabled();
        }
        if (logLevel >= TRACE_DEBUG) {
            return LOG.isDebugEnabled();
        }
        if (logLevel >= TRACE_INFO) {
            return LOG.isInfoEnabled();
        }
        return logLevel > TRACE_NONE && LOG.isWarnEnabled();
    }

    @Override
    public void logError(String message, Exception ex) {
        warn(message, ex);
    }

    @Override
    public void logWarning(String string) {
        warn(string, null);
    }

    @Override
    public void logInfo(String string) {
        LOG.debug(string); // the stack's "info" is chatty (one line per message on some paths)
    }

    @Override
    public void disableLogging() {
        // levels are SLF4J's business
    }

    @Override
    public void enableLogging() {
        // levels are SLF4J's business
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to read: configuration is ours
    }

    @Override
    public String getLoggerName() {
        return NAME;
    }
}
