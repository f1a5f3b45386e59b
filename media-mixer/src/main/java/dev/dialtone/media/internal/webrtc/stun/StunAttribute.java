package dev.dialtone.media.internal.webrtc.stun;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * The STUN attributes an ICE-lite agent reads or writes (RFC 5389 section 15, RFC 8445 section 16).
 * Anything else is kept as {@link Unknown}: comprehension-optional ones (type 0x8000 and above) are
 * ignored, comprehension-required ones make a request fail with 420.
 */
public sealed interface StunAttribute {
    int USERNAME = 0x0006;
    int MESSAGE_INTEGRITY = 0x0008;
    int ERROR_CODE = 0x0009;
    int UNKNOWN_ATTRIBUTES = 0x000A;
    int XOR_MAPPED_ADDRESS = 0x0020;
    int PRIORITY = 0x0024;
    int USE_CANDIDATE = 0x0025;
    int SOFTWARE = 0x8022;
    int FINGERPRINT = 0x8028;
    int ICE_CONTROLLED = 0x8029;
    int ICE_CONTROLLING = 0x802A;

    /** RFC 5389 section 15.3: {@code <receiver ufrag>:<sender ufrag>} in ICE. */
    record Username(String value) implements StunAttribute {
        public Username {
            Objects.requireNonNull(value, "value");
        }
    }

    /** RFC 5389 section 15.2: the source address of a request, XOR-ed with the magic cookie. */
    record XorMappedAddress(InetSocketAddress address) implements StunAttribute {
        public XorMappedAddress {
            Objects.requireNonNull(address, "address");
        }
    }

    /** RFC 8445 section 16.1. */
    record Priority(long value) implements StunAttribute {
    }

    /** RFC 8445 section 16.1: the controlling agent nominates this pair. */
    record UseCandidate() implements StunAttribute {
    }

    /** RFC 8445 section 16.1: the sender thinks it is controlled, with its tie-breaker. */
    record IceControlled(long tieBreaker) implements StunAttribute {
    }

    /** RFC 8445 section 16.1: the sender thinks it is controlling, with its tie-breaker. */
    record IceControlling(long tieBreaker) implements StunAttribute {
    }

    /** RFC 5389 section 15.6. */
    record ErrorCode(int code, String reason) implements StunAttribute {
        public ErrorCode {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("STUN error codes are 300..699: " + code);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** RFC 5389 section 15.9: the types of comprehension-required attributes a request had that we do not know. */
    record UnknownAttributes(int[] types) implements StunAttribute {
        public UnknownAttributes {
            types = types.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnknownAttributes u && Arrays.equals(types, u.types);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(types);
        }

        @Override
        public String toString() {
            return "UnknownAttributes" + Arrays.toString(types);
        }
    }

    /** RFC 5389 section 15.10. */
    record Software(String value) implements StunAttribute {
        public Software {
            Objects.requireNonNull(value, "value");
        }
    }

    /** RFC 5389 section 15.4, as read; writing adds it from a key. */
    record MessageIntegrity(byte[] hmac) implements StunAttribute {
        public MessageIntegrity {
            hmac = hmac.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MessageIntegrity m && Arrays.equals(hmac, m.hmac);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(hmac);
        }

        @Override
        public String toString() {
            return "MessageIntegrity";
        }
    }

    /** RFC 5389 section 15.5, as read (already checked when parsed); writing always adds it. */
    record Fingerprint(long crc) implements StunAttribute {
    }

    /** An attribute this agent does not interpret. */
    record Unknown(int type, byte[] value) implements StunAttribute {
        public Unknown {
            value = value.clone();
        }

        /** Types below 0x8000 must be understood (RFC 5389 section 15). */
        public boolean comprehensionRequired() {
            return type < 0x8000;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && type == u.type && Arrays.equals(value, u.value);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Unknown[0x" + Integer.toHexString(type) + ", " + value.length + "B]";
        }
    }
}
