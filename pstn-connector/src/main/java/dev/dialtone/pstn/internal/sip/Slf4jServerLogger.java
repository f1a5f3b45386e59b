package dev.dialtone.pstn.internal.sip;

import java.util.Properties;
import java.util.regex.Pattern;

import javax.sip.SipStack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;

/**
 * JAIN-SIP's {@code gov.nist.javax.sip.SERVER_LOGGER}: every message sent or received goes to SLF4J
 * logger {@value #NAME} at TRACE (off by default), with credentials removed: Authorization and
 * Proxy-Authorization values are replaced by {@code <hidden>}. Message bodies are not logged (they
 * can carry DTMF). Instantiated by JAIN-SIP through its no-argument constructor.
 */
public final class Slf4jServerLogger implements ServerLogger {
    public static final String NAME = "dev.dialtone.pstn.sip.messages";
    private static final Logger LOG = LoggerFactory.getLogger(NAME);
    private static final Pattern CREDENTIALS = Pattern.compile(
            "(?im)^((?:Proxy-)?Authorization\\s*:).*$");

    public Slf4jServerLogger() {
        // JAIN-SIP creates it by reflection
    }

    static String redact(String headers) {
        return CREDENTIALS.matcher(headers).replaceAll("$1 <hidden>");
    }

    private static void log(SIPMessage message, String from, String to, boolean sender) {
        if (!LOG.isTraceEnabled()) {
            return;
        }
        String head = message.encodeMessage(new StringBuilder()).toString();
        int end = head.indexOf("\r\n\r\n");
        if (end >= 0) {
            head = head.substring(0, end);
        }
        LOG.trace("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, redact(head));
    }

    @Override
    public void closeLogFile() {
        // nothing open
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        log(message, from, to, sender);
    }

    @Override
    public void logException(Exception ex) {
        LOG.debug("JAIN-SIP server log exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to read
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // not needed
    }
}
