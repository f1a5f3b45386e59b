package dev.dialtone.media.internal.webrtc.srtp;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jitsi-srtp's logger interface, forwarded to SLF4J (its own implementation writes to
 * java.util.logging). Replay and authentication failures are debug-level there and stay so here:
 * hostile packets must not flood the log.
 */
final class SrtpLogger implements org.jitsi.utils.logging2.Logger {
    private final Logger log;

    SrtpLogger(String name) {
        log = LoggerFactory.getLogger(name);
    }

    @Override
    public org.jitsi.utils.logging2.Logger createChildLogger(String name, Map<String, String> context) {
        return this;
    }

    @Override
    public org.jitsi.utils.logging2.Logger createChildLogger(String name) {
        return this;
    }

    @Override
    public void setUseParentHandlers(boolean useParentHandlers) {
    }

    @Override
    public void addHandler(Handler handler) {
    }

    @Override
    public void removeHandler(Handler handler) {
    }

    @Override
    public boolean isTraceEnabled() {
        return log.isTraceEnabled();
    }

    @Override
    public void trace(Object msg) {
        log.trace("{}", msg);
    }

    @Override
    public void trace(Supplier<String> msg) {
        if (log.isTraceEnabled()) {
            log.trace(msg.get());
        }
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void debug(Object msg) {
        log.debug("{}", msg);
    }

    @Override
    public void debug(Supplier<String> msg) {
        if (log.isDebugEnabled()) {
            log.debug(msg.get());
        }
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public void info(Object msg) {
        log.debug("{}", msg); // library chatter: keep it out of the node's info log
    }

    @Override
    public void info(Supplier<String> msg) {
        debug(msg);
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public void warn(Object msg) {
        log.warn("{}", msg);
    }

    @Override
    public void warn(Supplier<String> msg) {
        if (log.isWarnEnabled()) {
            log.warn(msg.get());
        }
    }

    @Override
    public void warn(Object msg, Throwable t) {
        log.warn("{}", msg, t);
    }

    @Override
    public void error(Object msg) {
        log.error("{}", msg);
    }

    @Override
    public void error(Supplier<String> msg) {
        if (log.isErrorEnabled()) {
            log.error(msg.get());
        }
    }

    @Override
    public void error(Object msg, Throwable t) {
        log.error("{}", msg, t);
    }

    @Override
    public void setLevelError() {
    }

    @Override
    public void setLevelWarn() {
    }

    @Override
    public void setLevelInfo() {
    }

    @Override
    public void setLevelDebug() {
    }

    @Override
    public void setLevelTrace() {
    }

    @Override
    public void setLevelAll() {
    }

    @Override
    public void setLevelOff() {
    }

    @Override
    public void setLevel(Level level) {
    }

    @Override
    public Level getLevel() {
        return Level.INFO;
    }

    @Override
    public void addContext(Map<String, String> context) {
    }

    @Override
    public void addContext(String key, String value) {
    }
}
