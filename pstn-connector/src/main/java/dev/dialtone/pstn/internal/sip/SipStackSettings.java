package dev.dialtone.pstn.internal.sip;

import java.util.Properties;

import dev.dialtone.pstn.PstnConfig;

/**
 * The JAIN-SIP properties of one connector. Every resource JAIN-SIP would leave unbounded by
 * default is set here from {@link PstnConfig}; see {@code gov.nist.javax.sip.SipStackImpl} for the
 * meaning of each property.
 */
public final class SipStackSettings {
    /** Our own properties, read back by {@link GuardedProcessorFactory}. */
    static final String UDP_QUEUE = "dev.dialtone.pstn.UDP_QUEUE";
    static final String UDP_QUEUE_MAX_AGE = "dev.dialtone.pstn.UDP_QUEUE_MAX_AGE_MS";
    private static final String NIST = "gov.nist.javax.sip.";

    private SipStackSettings() {
    }

    public static Properties of(PstnConfig c, String stackName) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        // Logging: our SLF4J adapters, never JAIN-SIP's log4j files.
        p.setProperty(NIST + "STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty(NIST + "SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty(NIST + "LOG_MESSAGE_CONTENT", "false");
        // Our plug-ins: bounded UDP queue, 400 over TCP, strict request parsing, malformed-message reports,
        // RFC 3261 transaction matching for requests that reuse another's branch.
        p.setProperty(NIST + "MESSAGE_PROCESSOR_FACTORY", GuardedProcessorFactory.class.getName());
        p.setProperty(NIST + "MESSAGE_PARSER_FACTORY", GuardedParserFactory.class.getName());
        p.setProperty(NIST + "SIP_MESSAGE_VALVE", BranchCollisionValve.class.getName());
        p.setProperty(UDP_QUEUE, Integer.toString(c.udpQueue()));
        p.setProperty(UDP_QUEUE_MAX_AGE, Long.toString(c.udpQueueMaxAge().toMillis()));
        // JAIN-SIP's own age-based shedding would watch its unbounded queue, which ours replaces.
        p.setProperty(NIST + "CONGESTION_CONTROL_TIMEOUT", "0");
        // Sizes and counts: JAIN-SIP's defaults are "infinity" for all of these.
        p.setProperty(NIST + "MAX_MESSAGE_SIZE", Integer.toString(c.maxMessageBytes()));
        p.setProperty(NIST + "THREAD_POOL_SIZE", Integer.toString(c.stackThreads()));
        p.setProperty(NIST + "REENTRANT_LISTENER", "true");
        p.setProperty(NIST + "TCP_POST_PARSING_THREAD_POOL_SIZE", "0"); // GuardedTcpChannel relies on parsing in the reader
        p.setProperty(NIST + "MAX_SERVER_TRANSACTIONS", Integer.toString(c.maxServerTransactions()));
        p.setProperty(NIST + "MAX_CLIENT_TRANSACTIONS", Integer.toString(c.maxClientTransactions()));
        p.setProperty(NIST + "MAX_CONNECTIONS", Integer.toString(c.maxTcpConnections()));
        p.setProperty(NIST + "READ_TIMEOUT", Long.toString(c.tcpReadTimeout().toMillis()));
        p.setProperty(NIST + "CONNECTION_TIMEOUT", "5000");
        p.setProperty(NIST + "NIO_MAX_SOCKET_IDLE_TIME", Long.toString(c.tcpIdleTimeout().toMillis()));
        p.setProperty(NIST + "NIO_BLOCKING_MODE", "NONBLOCKING");
        p.setProperty(NIST + "RECEIVE_UDP_BUFFER_SIZE", Integer.toString(c.udpBufferBytes()));
        p.setProperty(NIST + "SEND_UDP_BUFFER_SIZE", Integer.toString(c.udpBufferBytes()));
        // Nothing may hold a transaction lock or live forever if a listener or a peer misbehaves.
        p.setProperty(NIST + "MAX_LISTENER_RESPONSE_TIME", "10");
        long inviteLifetime = Math.max(c.alertingTimeout().toSeconds(), c.dialingTimeout().toSeconds()) + 60;
        p.setProperty(NIST + "MAX_TX_LIFETIME_INVITE", Long.toString(inviteLifetime));
        p.setProperty(NIST + "MAX_TX_LIFETIME_NON_INVITE", "64");
        p.setProperty(NIST + "EARLY_DIALOG_TIMEOUT_SECONDS", Long.toString(inviteLifetime));
        p.setProperty(NIST + "MAX_FORK_TIME_SECONDS", "0");
        p.setProperty(NIST + "RELEASE_REFERENCES_STRATEGY", "None"); // "Normal" re-parses and warns on every dialog request
        p.setProperty(NIST + "CACHE_SERVER_CONNECTIONS", "true");
        p.setProperty(NIST + "CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty(NIST + "REJECT_STRAY_RESPONSES", "false");
        p.setProperty(NIST + "DELIVER_UNSOLICITED_NOTIFY", "false");
        p.setProperty(NIST + "AUTOMATIC_DIALOG_ERROR_HANDLING", "true");
        p.setProperty(NIST + "THREAD_PRIORITY", Integer.toString(Thread.NORM_PRIORITY));
        return p;
    }
}
