package dev.dialtone.pstn.internal.sip;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.sip.InvalidArgumentException;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Builds the SIP messages the connector sends: responses with our To tag, Contact and Server
 * headers; bodies with their Content-Type. Also reads the few things legs need from requests
 * (X- headers, bodies, user parts). One per connector; thread-safe (JAIN-SIP's factories are).
 */
public final class SipMessages {
    /** Methods we answer. */
    public static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, MESSAGE";
    /** Longest X- header name and value we copy into call info. */
    static final int MAX_X_HEADERS = 32;
    static final int MAX_X_VALUE = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final InetAddress advertised;
    private final int port;
    private final String userAgent;

    public SipMessages(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                       InetAddress advertised, int port, String userAgent) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.advertised = Objects.requireNonNull(advertised, "advertised");
        this.port = port;
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    public SipProvider provider() {
        return provider;
    }

    public MessageFactory messageFactory() {
        return messages;
    }

    public HeaderFactory headerFactory() {
        return headers;
    }

    public AddressFactory addressFactory() {
        return addresses;
    }

    public InetAddress advertised() {
        return advertised;
    }

    public int port() {
        return port;
    }

    /** A new random tag (From/To), 64 bits in hex. */
    public static String newTag() {
        return Long.toHexString(RANDOM.nextLong() | Long.MIN_VALUE);
    }

    /** A response to {@code request}; with {@code toTag} unless it is a 100 or the request already has one. */
    public Response response(Request request, int code, String toTag) {
        try {
            Response r = messages.createResponse(code, request);
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (code > 100 && toTag != null && to != null && to.getTag() == null) {
                to.setTag(toTag);
            }
            r.setHeader(headers.createServerHeader(List.of(userAgent)));
            return r;
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build a " + code + " response", e);
        }
    }

    /** A response with a reason phrase of our own (kept printable). */
    public Response response(Request request, int code, String toTag, String reason) {
        Response r = response(request, code, toTag);
        try {
            r.setReasonPhrase(printable(reason, 100));
        } catch (ParseException e) {
            // keep the standard phrase
        }
        return r;
    }

    /** Our Contact for a dialog on {@code transport}. */
    public ContactHeader contact(String transport) {
        try {
            SipURI uri = addresses.createSipURI("dialtone", host());
            uri.setPort(port);
            if (!transport.equalsIgnoreCase("udp")) {
                uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
            }
            return headers.createContactHeader(addresses.createAddress(uri));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build our Contact", e);
        }
    }

    public String host() {
        String h = advertised.getHostAddress();
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }

    public void addContact(Message m, String transport) {
        m.setHeader(contact(transport));
    }

    public void addUserAgent(Request r) {
        try {
            r.setHeader(headers.createUserAgentHeader(List.of(userAgent)));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setBody(Message m, String type, String subtype, String body) {
        try {
            ContentTypeHeader ct = headers.createContentTypeHeader(type, subtype);
            m.setContent(body.getBytes(StandardCharsets.UTF_8), ct);
        } catch (ParseException e) {
            throw new IllegalStateException("cannot set a " + type + "/" + subtype + " body", e);
        }
    }

    public void setSdp(Message m, String sdp) {
        setBody(m, "application", "sdp", sdp);
    }

    /** Adds headers given by a scenario; only {@code X-} names with printable values are sent. */
    public void addExtraHeaders(Message m, Map<String, String> extra) {
        for (Map.Entry<String, String> e : extra.entrySet()) {
            String name = e.getKey();
            if (!isExtension(name) || !name.matches("[A-Za-z0-9!%*_+`'~.-]{3,64}")) {
                continue;
            }
            try {
                m.addHeader(headers.createHeader(name, printable(e.getValue(), MAX_X_VALUE)));
            } catch (ParseException ignored) {
                // a value JAIN-SIP refuses is not sent
            }
        }
    }

    public void addRetryAfter(Response r, long seconds) {
        try {
            r.setHeader(headers.createRetryAfterHeader((int) Math.min(Integer.MAX_VALUE, seconds)));
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One Allow header per method we answer (JAIN-SIP keeps Allow as a list of single values). */
    public void addAllow(Message m) {
        try {
            for (String method : ALLOW.split(", ")) {
                m.addHeader(headers.createAllowHeader(method));
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public void addAcceptSdp(Message m) {
        try {
            m.addHeader(headers.createAcceptHeader("application", "sdp"));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public void addHeader(Message m, String name, String value) {
        try {
            m.setHeader(headers.createHeader(name, value));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build header " + name, e);
        }
    }

    static boolean isExtension(String name) {
        return name.length() > 2 && (name.charAt(0) == 'X' || name.charAt(0) == 'x') && name.charAt(1) == '-';
    }

    /** The {@code X-} headers of a message, in order, capped in number and length. */
    public static Map<String, String> extensionHeaders(Message m) {
        Map<String, String> out = new LinkedHashMap<>();
        ListIterator<String> names = m.getHeaderNames();
        while (names.hasNext() && out.size() < MAX_X_HEADERS) {
            String name = names.next();
            if (!isExtension(name)) {
                continue;
            }
            Header h = m.getHeader(name);
            String text = h.toString();
            int colon = text.indexOf(':');
            String value = colon < 0 ? "" : text.substring(colon + 1).trim();
            out.put(name, printable(value, MAX_X_VALUE));
        }
        return out;
    }

    /** The body as text (UTF-8), or empty. */
    public static String bodyText(Message m) {
        byte[] raw = m.getRawContent();
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    /** A body for a scenario: NULs and other controls but tab and line breaks removed, at most 16 KiB. */
    public static String printableBody(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 16_384));
        for (int i = 0; i < s.length() && b.length() < 16_384; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7f || c == '\n' || c == '\r' || c == '\t') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code type/subtype} in lower case, or empty when there is no body type. */
    public static String contentType(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        if (ct == null) {
            return "";
        }
        return (ct.getContentType() + "/" + ct.getContentSubType()).toLowerCase(Locale.ROOT);
    }

    public static boolean hasBody(Message m) {
        byte[] raw = m.getRawContent();
        return raw != null && raw.length > 0;
    }

    /** The user part of a SIP URI, else the whole URI as text. */
    public static String userOf(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser() == null ? "" : sip.getUser();
        }
        return uri.toString();
    }

    public static String displayNameOf(Address a) {
        return a.getDisplayName() == null ? "" : printable(a.getDisplayName(), 128);
    }

    /** Keeps printable characters only (no CR/LF or controls) and at most {@code max} of them. */
    public static String printable(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
