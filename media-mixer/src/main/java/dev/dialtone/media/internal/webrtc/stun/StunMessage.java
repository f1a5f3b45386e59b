package dev.dialtone.media.internal.webrtc.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.dialtone.media.internal.rtp.MalformedPacketException;

/**
 * A STUN message (RFC 5389 section 6): header with the magic cookie and a 96-bit transaction id,
 * then TLV attributes padded to 4 bytes. {@link #parse} checks the framing and, when present, the
 * FINGERPRINT (section 15.5, which must be last); MESSAGE-INTEGRITY (section 15.4) is checked later
 * with {@link #integrityMatches}, once the caller knows the key. {@link #encode} writes a message
 * with MESSAGE-INTEGRITY (short-term credentials: the key is the password) and FINGERPRINT.
 */
public final class StunMessage {
    public static final int HEADER = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int BINDING = 0x001;
    private static final long FINGERPRINT_XOR = 0x5354554EL;
    private static final int INTEGRITY_LENGTH = 20;
    private static final int MAX_TEXT = 763;

    /** The class of a message (section 6). */
    public enum Kind { REQUEST, INDICATION, SUCCESS_RESPONSE, ERROR_RESPONSE }

    private final int method;
    private final Kind kind;
    private final byte[] transactionId;
    private final List<StunAttribute> attributes;
    private final byte[] raw;
    private final int integrityAt;

    private StunMessage(int method, Kind kind, byte[] transactionId, List<StunAttribute> attributes, byte[] raw,
                        int integrityAt) {
        this.method = method;
        this.kind = kind;
        this.transactionId = transactionId;
        this.attributes = attributes;
        this.raw = raw;
        this.integrityAt = integrityAt;
    }

    public int method() {
        return method;
    }

    public Kind kind() {
        return kind;
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    /** Attributes in wire order (those after MESSAGE-INTEGRITY other than FINGERPRINT are dropped, section 15.4). */
    public List<StunAttribute> attributes() {
        return attributes;
    }

    public <T extends StunAttribute> Optional<T> attribute(Class<T> type) {
        for (StunAttribute a : attributes) {
            if (type.isInstance(a)) {
                return Optional.of(type.cast(a));
            }
        }
        return Optional.empty();
    }

    public boolean has(Class<? extends StunAttribute> type) {
        return attribute(type).isPresent();
    }

    /** Comprehension-required attribute types we do not understand (a request carrying any gets 420). */
    public int[] unknownRequiredTypes() {
        return attributes.stream().filter(a -> a instanceof StunAttribute.Unknown u && u.comprehensionRequired())
                .mapToInt(a -> ((StunAttribute.Unknown) a).type()).toArray();
    }

    /** True for the first byte of a STUN message in RFC 7983 demultiplexing (0..3). */
    public static boolean isStunFirstByte(int firstByte) {
        return firstByte >= 0 && firstByte <= 3;
    }

    /**
     * Whether MESSAGE-INTEGRITY is present and is the HMAC-SHA1, keyed with {@code key}, of the
     * message up to it (with the header length counting up to the end of MESSAGE-INTEGRITY).
     */
    public boolean integrityMatches(byte[] key) {
        if (integrityAt < 0) {
            return false;
        }
        byte[] expected = hmac(key, raw, integrityAt, integrityAt - HEADER + 4 + INTEGRITY_LENGTH);
        byte[] actual = Arrays.copyOfRange(raw, integrityAt + 4, integrityAt + 4 + INTEGRITY_LENGTH);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Parses one datagram; anything not a well-formed STUN message (or with a wrong FINGERPRINT) is rejected. */
    public static StunMessage parse(byte[] data, int offset, int length) throws MalformedPacketException {
        if (length < HEADER) {
            throw new MalformedPacketException("STUN message shorter than its header: " + length);
        }
        int type = u16(data, offset);
        if ((type & 0xC000) != 0) {
            throw new MalformedPacketException("not STUN: the first two bits are not zero");
        }
        if (u32(data, offset + 4) != (MAGIC_COOKIE & 0xFFFF_FFFFL)) {
            throw new MalformedPacketException("not STUN: no magic cookie");
        }
        int bodyLength = u16(data, offset + 2);
        if (bodyLength % 4 != 0 || HEADER + bodyLength != length) {
            throw new MalformedPacketException("STUN length " + bodyLength + " does not match the datagram " + length);
        }
        byte[] raw = Arrays.copyOfRange(data, offset, offset + length);
        int method = (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
        int cls = ((type & 0x0010) >> 4) | ((type & 0x0100) >> 7);
        Kind kind = Kind.values()[cls];
        byte[] txid = Arrays.copyOfRange(raw, 8, HEADER);
        List<StunAttribute> attrs = new ArrayList<>();
        int integrityAt = -1;
        int pos = HEADER;
        while (pos < length) {
            if (length - pos < 4) {
                throw new MalformedPacketException("truncated STUN attribute header");
            }
            int at = u16(raw, pos);
            int len = u16(raw, pos + 2);
            int valueAt = pos + 4;
            int next = valueAt + ((len + 3) & ~3);
            if (next > length) {
                throw new MalformedPacketException("STUN attribute 0x" + Integer.toHexString(at) + " runs past the message");
            }
            if (at == StunAttribute.FINGERPRINT) {
                if (len != 4 || next != length) {
                    throw new MalformedPacketException("FINGERPRINT must be the last attribute, 4 bytes");
                }
                long crc = u32(raw, valueAt);
                if (crc != fingerprint(raw, pos, pos - HEADER + 8)) {
                    throw new MalformedPacketException("STUN FINGERPRINT mismatch");
                }
                attrs.add(new StunAttribute.Fingerprint(crc));
            } else if (integrityAt < 0) {
                if (at == StunAttribute.MESSAGE_INTEGRITY) {
                    if (len != INTEGRITY_LENGTH) {
                        throw new MalformedPacketException("MESSAGE-INTEGRITY must be 20 bytes");
                    }
                    integrityAt = pos;
                    attrs.add(new StunAttribute.MessageIntegrity(Arrays.copyOfRange(raw, valueAt, valueAt + len)));
                } else {
                    attrs.add(attribute(at, raw, valueAt, len, txid));
                }
            }
            pos = next;
        }
        return new StunMessage(method, kind, txid, List.copyOf(attrs), raw, integrityAt);
    }

    private static StunAttribute attribute(int type, byte[] d, int at, int len, byte[] txid)
            throws MalformedPacketException {
        return switch (type) {
            case StunAttribute.USERNAME -> new StunAttribute.Username(text(d, at, len));
            case StunAttribute.SOFTWARE -> new StunAttribute.Software(text(d, at, len));
            case StunAttribute.PRIORITY -> new StunAttribute.Priority(u32(d, at, len, 4));
            case StunAttribute.USE_CANDIDATE -> {
                expect(len == 0, "USE-CANDIDATE has no value");
                yield new StunAttribute.UseCandidate();
            }
            case StunAttribute.ICE_CONTROLLED -> new StunAttribute.IceControlled(u64(d, at, len));
            case StunAttribute.ICE_CONTROLLING -> new StunAttribute.IceControlling(u64(d, at, len));
            case StunAttribute.XOR_MAPPED_ADDRESS -> new StunAttribute.XorMappedAddress(xorAddress(d, at, len, txid));
            case StunAttribute.ERROR_CODE -> {
                expect(len >= 4, "ERROR-CODE shorter than 4 bytes");
                int code = (d[at + 2] & 0x07) * 100 + (d[at + 3] & 0xFF);
                expect(code >= 300 && code <= 699, "ERROR-CODE out of range: " + code);
                yield new StunAttribute.ErrorCode(code, text(d, at + 4, len - 4));
            }
            case StunAttribute.UNKNOWN_ATTRIBUTES -> {
                expect(len % 2 == 0, "UNKNOWN-ATTRIBUTES has an odd length");
                int[] types = new int[len / 2];
                for (int i = 0; i < types.length; i++) {
                    types[i] = u16(d, at + 2 * i);
                }
                yield new StunAttribute.UnknownAttributes(types);
            }
            default -> new StunAttribute.Unknown(type, Arrays.copyOfRange(d, at, at + len));
        };
    }

    private static InetSocketAddress xorAddress(byte[] d, int at, int len, byte[] txid)
            throws MalformedPacketException {
        expect(len == 8 || len == 20, "XOR-MAPPED-ADDRESS has a bad length: " + len);
        int family = d[at + 1] & 0xFF;
        int port = u16(d, at + 2) ^ (MAGIC_COOKIE >>> 16);
        byte[] mask = xorMask(txid);
        byte[] addr;
        if (family == 1 && len == 8) {
            addr = new byte[4];
        } else if (family == 2 && len == 20) {
            addr = new byte[16];
        } else {
            throw new MalformedPacketException("XOR-MAPPED-ADDRESS: unknown family " + family);
        }
        for (int i = 0; i < addr.length; i++) {
            addr[i] = (byte) (d[at + 4 + i] ^ mask[i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw new MalformedPacketException("XOR-MAPPED-ADDRESS: bad address");
        }
    }

    /** The magic cookie followed by the transaction id: what addresses are XOR-ed with. */
    private static byte[] xorMask(byte[] txid) {
        byte[] mask = new byte[16];
        putU32(mask, 0, MAGIC_COOKIE & 0xFFFF_FFFFL);
        System.arraycopy(txid, 0, mask, 4, 12);
        return mask;
    }

    /**
     * Writes a message: the given attributes, then MESSAGE-INTEGRITY keyed with {@code integrityKey}
     * if present, then FINGERPRINT.
     */
    public static byte[] encode(int method, Kind kind, byte[] transactionId, List<StunAttribute> attributes,
                                Optional<byte[]> integrityKey) {
        Objects.requireNonNull(transactionId, "transactionId");
        if (transactionId.length != 12) {
            throw new IllegalArgumentException("a transaction id is 12 bytes");
        }
        byte[] out = new byte[1200];
        int cls = kind.ordinal();
        int type = (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((cls & 1) << 4) | ((cls & 2) << 7);
        putU16(out, 0, type);
        putU32(out, 4, MAGIC_COOKIE & 0xFFFF_FFFFL);
        System.arraycopy(transactionId, 0, out, 8, 12);
        int pos = HEADER;
        for (StunAttribute a : attributes) {
            pos = write(a, out, pos, transactionId);
        }
        if (integrityKey.isPresent()) {
            byte[] mac = hmac(integrityKey.get(), out, pos, pos - HEADER + 4 + INTEGRITY_LENGTH);
            pos = header(out, pos, StunAttribute.MESSAGE_INTEGRITY, INTEGRITY_LENGTH);
            System.arraycopy(mac, 0, out, pos, INTEGRITY_LENGTH);
            pos += INTEGRITY_LENGTH;
        }
        long crc = fingerprint(out, pos, pos - HEADER + 8);
        pos = header(out, pos, StunAttribute.FINGERPRINT, 4);
        putU32(out, pos, crc);
        pos += 4;
        putU16(out, 2, pos - HEADER);
        return Arrays.copyOf(out, pos);
    }

    private static int write(StunAttribute a, byte[] out, int pos, byte[] txid) {
        switch (a) {
            case StunAttribute.Username u -> pos = bytes(out, pos, StunAttribute.USERNAME, utf8(u.value()));
            case StunAttribute.Software s -> pos = bytes(out, pos, StunAttribute.SOFTWARE, utf8(s.value()));
            case StunAttribute.Priority p -> {
                pos = header(out, pos, StunAttribute.PRIORITY, 4);
                putU32(out, pos, p.value());
                pos += 4;
            }
            case StunAttribute.UseCandidate u -> pos = header(out, pos, StunAttribute.USE_CANDIDATE, 0);
            case StunAttribute.IceControlled c -> pos = u64(out, pos, StunAttribute.ICE_CONTROLLED, c.tieBreaker());
            case StunAttribute.IceControlling c -> pos = u64(out, pos, StunAttribute.ICE_CONTROLLING, c.tieBreaker());
            case StunAttribute.XorMappedAddress x -> {
                byte[] addr = x.address().getAddress().getAddress();
                byte[] mask = xorMask(txid);
                pos = header(out, pos, StunAttribute.XOR_MAPPED_ADDRESS, 4 + addr.length);
                out[pos] = 0;
                out[pos + 1] = (byte) (addr.length == 4 ? 1 : 2);
                putU16(out, pos + 2, x.address().getPort() ^ (MAGIC_COOKIE >>> 16));
                for (int i = 0; i < addr.length; i++) {
                    out[pos + 4 + i] = (byte) (addr[i] ^ mask[i]);
                }
                pos += 4 + addr.length;
            }
            case StunAttribute.ErrorCode e -> {
                byte[] reason = utf8(e.reason());
                byte[] v = new byte[4 + reason.length];
                v[2] = (byte) (e.code() / 100);
                v[3] = (byte) (e.code() % 100);
                System.arraycopy(reason, 0, v, 4, reason.length);
                pos = bytes(out, pos, StunAttribute.ERROR_CODE, v);
            }
            case StunAttribute.UnknownAttributes u -> {
                byte[] v = new byte[2 * u.types().length];
                for (int i = 0; i < u.types().length; i++) {
                    putU16(v, 2 * i, u.types()[i]);
                }
                pos = bytes(out, pos, StunAttribute.UNKNOWN_ATTRIBUTES, v);
            }
            case StunAttribute.Unknown u -> pos = bytes(out, pos, u.type(), u.value());
            case StunAttribute.MessageIntegrity m ->
                    throw new IllegalArgumentException("MESSAGE-INTEGRITY is added by encode from a key");
            case StunAttribute.Fingerprint f -> throw new IllegalArgumentException("FINGERPRINT is added by encode");
        }
        return pos;
    }

    private static int header(byte[] out, int pos, int type, int length) {
        putU16(out, pos, type);
        putU16(out, pos + 2, length);
        return pos + 4;
    }

    private static int bytes(byte[] out, int pos, int type, byte[] value) {
        if (value.length > MAX_TEXT) {
            throw new IllegalArgumentException("STUN attribute value too long: " + value.length);
        }
        pos = header(out, pos, type, value.length);
        System.arraycopy(value, 0, out, pos, value.length);
        int padded = (value.length + 3) & ~3;
        Arrays.fill(out, pos + value.length, pos + padded, (byte) 0);
        return pos + padded;
    }

    private static int u64(byte[] out, int pos, int type, long v) {
        pos = header(out, pos, type, 8);
        putU32(out, pos, v >>> 32);
        putU32(out, pos + 4, v & 0xFFFF_FFFFL);
        return pos + 8;
    }

    /** HMAC-SHA1 over {@code d[0..end)} with the header length field set to {@code headerLength}. */
    private static byte[] hmac(byte[] key, byte[] d, int end, int headerLength) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] head = Arrays.copyOf(d, 4);
            putU16(head, 2, headerLength);
            mac.update(head);
            mac.update(d, 4, end - 4);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** CRC-32 of {@code d[0..end)} with the header length set to {@code headerLength}, XOR 0x5354554e. */
    private static long fingerprint(byte[] d, int end, int headerLength) {
        CRC32 crc = new CRC32();
        byte[] head = Arrays.copyOf(d, 4);
        putU16(head, 2, headerLength);
        crc.update(head);
        crc.update(d, 4, end - 4);
        return crc.getValue() ^ FINGERPRINT_XOR;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] d, int at, int len) throws MalformedPacketException {
        expect(len <= MAX_TEXT, "STUN text attribute too long: " + len);
        return new String(d, at, len, StandardCharsets.UTF_8);
    }

    private static void expect(boolean ok, String message) throws MalformedPacketException {
        if (!ok) {
            throw new MalformedPacketException(message);
        }
    }

    private static long u32(byte[] d, int at, int len, int expected) throws MalformedPacketException {
        expect(len == expected, "STUN attribute must be " + expected + " bytes");
        return u32(d, at);
    }

    private static long u64(byte[] d, int at, int len) throws MalformedPacketException {
        expect(len == 8, "STUN attribute must be 8 bytes");
        return (u32(d, at) << 32) | u32(d, at + 4);
    }

    private static int u16(byte[] d, int o) {
        return ((d[o] & 0xFF) << 8) | (d[o + 1] & 0xFF);
    }

    private static long u32(byte[] d, int o) {
        return ((long) (d[o] & 0xFF) << 24) | ((d[o + 1] & 0xFF) << 16) | ((d[o + 2] & 0xFF) << 8) | (d[o + 3] & 0xFF);
    }

    private static void putU16(byte[] d, int o, int v) {
        d[o] = (byte) (v >> 8);
        d[o + 1] = (byte) v;
    }

    private static void putU32(byte[] d, int o, long v) {
        d[o] = (byte) (v >> 24);
        d[o + 1] = (byte) (v >> 16);
        d[o + 2] = (byte) (v >> 8);
        d[o + 3] = (byte) v;
    }

    @Override
    public String toString() {
        return "StunMessage[method=" + method + " " + kind + " " + attributes + "]";
    }
}
