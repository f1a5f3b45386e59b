package dev.dialtone.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dialtone.media.internal.rtp.TelephoneEvent;

/**
 * One simulated phone caller in {@link VideoconfLoad}: a minimal SIP UAC over UDP (INVITE with a
 * G.711 µ-law + telephone-event offer, ACK, BYE; answers the node's BYE) and plain RTP. It stays
 * silent while the gatekeeper's prompt plays, keys its PIN ({@code <room>#}) as RFC 4733 events once
 * the prompt has ended, then sends a tone every 20 ms, and times from the end of {@code #} to the
 * first audio it hears and to the first frame carrying the web participants' tones.
 */
final class LoadPhone {
    private static final Pattern TO_TAG = Pattern.compile("(?im)^(?:To|t):.*;tag=([^;\\s]+)");
    private static final Pattern CONTACT = Pattern.compile("(?im)^(?:Contact|m):.*<([^>]+)>");
    private static final Pattern MEDIA_PORT = Pattern.compile("(?m)^m=audio (\\d+)");
    private static final Pattern MEDIA_ADDRESS = Pattern.compile("(?m)^c=IN IP4 (\\S+)");
    private static final int EVENT_PT = 101;
    private static final byte SILENCE = (byte) 0xFF;
    /** A queued 20 ms of silence between two keys. */
    private static final byte[] GAP = new byte[1];

    final int index;
    final int room;
    final DatagramChannel rtp;
    private final DatagramSocket sip;
    private final InetSocketAddress node;
    private final String number;
    private final String callId;
    private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final long ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    private final byte[] toneFrame;
    private final double[] webTones;
    private final short[] pcm = new short[160];
    private final Queue<byte[]> pending = new ArrayDeque<>();
    private volatile InetSocketAddress remoteRtp;
    private String toTag;
    private String remoteTarget;
    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    private long timestamp = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    private volatile boolean keyed;
    private volatile boolean talking;
    private boolean heardPrompt;
    private int silentRun;
    private long answeredNanos;
    final Stats stats = new Stats();

    LoadPhone(int index, int room, InetSocketAddress node, String number, byte[] toneFrame, double[] webTones) throws IOException {
        this.index = index;
        this.room = room;
        this.node = node;
        this.number = number;
        this.toneFrame = toneFrame;
        this.webTones = webTones;
        this.callId = "vcbench-" + index + "-" + fromTag;
        InetAddress lo = InetAddress.getLoopbackAddress();
        this.sip = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.rtp = DatagramChannel.open();
        rtp.bind(new InetSocketAddress(lo, 0));
        rtp.configureBlocking(false);
    }

    private int sipPort() {
        return sip.getLocalPort();
    }

    private int rtpPort() {
        return ((InetSocketAddress) rtp.socket().getLocalSocketAddress()).getPort();
    }

    /** Blocking, on a setup thread: INVITE until a final answer (30 s at most), ACK; true when answered. */
    boolean call() throws IOException {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + rtpPort()
                + " RTP/AVP 0 " + EVENT_PT + "\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:" + EVENT_PT + " telephone-event/8000\r\na=fmtp:"
                + EVENT_PT + " 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
        String branch = "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String invite = "INVITE sip:" + number + "@127.0.0.1:" + node.getPort() + " SIP/2.0\r\n"
                + via(branch) + "From: <sip:+1555" + String.format("%07d", index) + "@127.0.0.1>;tag=" + fromTag + "\r\n"
                + "To: <sip:" + number + "@127.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:phone@127.0.0.1:" + sipPort() + ">\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        stats.inviteNanos = System.nanoTime();
        long deadline = stats.inviteNanos + 30_000_000_000L;
        long resendAt = stats.inviteNanos;
        long interval = 500_000_000L;
        boolean provisional = false;
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            if (!provisional && System.nanoTime() >= resendAt) {
                send(invite);
                resendAt = System.nanoTime() + interval;
                interval = Math.min(interval * 2, 4_000_000_000L);
            }
            sip.setSoTimeout(100);
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                sip.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String msg = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (!msg.startsWith("SIP/2.0 ") || !msg.contains(callId)) {
                continue;
            }
            int code = Integer.parseInt(msg.substring(8, 11));
            if (code < 200) {
                provisional = true;
                continue;
            }
            Matcher tag = TO_TAG.matcher(msg);
            toTag = tag.find() ? tag.group(1) : "";
            if (code >= 300) {
                send("ACK sip:" + number + "@127.0.0.1:" + node.getPort() + " SIP/2.0\r\n" + via(branch) + dialogHeaders(1, "ACK"));
                stats.failure = "INVITE answered " + code;
                return false;
            }
            Matcher contact = CONTACT.matcher(msg);
            remoteTarget = contact.find() ? contact.group(1) : "sip:" + number + "@127.0.0.1:" + node.getPort();
            Matcher port = MEDIA_PORT.matcher(msg);
            Matcher addr = MEDIA_ADDRESS.matcher(msg);
            if (!port.find() || !addr.find()) {
                stats.failure = "200 OK without SDP";
                return false;
            }
            remoteRtp = new InetSocketAddress(addr.group(1), Integer.parseInt(port.group(1)));
            send("ACK " + remoteTarget + " SIP/2.0\r\n" + via(newBranch()) + dialogHeaders(1, "ACK"));
            answeredNanos = System.nanoTime();
            stats.answered = true;
            Thread.ofVirtual().name("phone-sip-" + index).start(this::serveRequests);
            return true;
        }
        stats.failure = "no final answer to the INVITE in 30 s";
        return false;
    }

    private static String newBranch() {
        return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private String via(String branch) {
        return "Via: SIP/2.0/UDP 127.0.0.1:" + sipPort() + ";branch=" + branch + ";rport\r\n";
    }

    private String dialogHeaders(int cseq, String method) {
        return "From: <sip:+1555" + String.format("%07d", index) + "@127.0.0.1>;tag=" + fromTag + "\r\nTo: <sip:" + number
                + "@127.0.0.1>;tag=" + toTag + "\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " " + method
                + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private void send(String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
        sip.send(new DatagramPacket(b, b.length, node));
    }

    /** Answers the node's in-dialog requests (BYE, OPTIONS, re-INVITE) with 200 until the socket closes. */
    private void serveRequests() {
        byte[] buf = new byte[4096];
        while (!sip.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                sip.setSoTimeout(0);
                sip.receive(p);
            } catch (IOException e) {
                return;
            }
            String msg = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (msg.startsWith("SIP/2.0") || msg.startsWith("ACK")) {
                continue;
            }
            StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
            for (String line : msg.split("\r\n")) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("via:") || lower.startsWith("v:") || lower.startsWith("from:") || lower.startsWith("f:")
                        || lower.startsWith("to:") || lower.startsWith("t:") || lower.startsWith("call-id:") || lower.startsWith("i:")
                        || lower.startsWith("cseq:")) {
                    ok.append(line).append("\r\n");
                }
            }
            ok.append("Content-Length: 0\r\n\r\n");
            if (msg.startsWith("BYE")) {
                stats.byeFromNode = true;
                talking = false;
                remoteRtp = null;
            }
            try {
                byte[] b = ok.toString().getBytes(StandardCharsets.ISO_8859_1);
                sip.send(new DatagramPacket(b, b.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Hangs up (BYE) unless the node already did, and closes the sockets. */
    void hangUp() {
        try {
            if (stats.answered && !stats.byeFromNode) {
                send("BYE " + remoteTarget + " SIP/2.0\r\n" + via(newBranch()) + dialogHeaders(2, "BYE"));
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        sip.close();
        try {
            rtp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Sender thread, every 20 ms: a PIN event packet, else silence before the PIN and the tone after. */
    void sendFrame(ByteBuffer out, long now) throws IOException {
        InetSocketAddress to = remoteRtp;
        if (to == null) {
            return;
        }
        if (!keyed && answeredNanos != 0 && now - answeredNanos > 15_000_000_000L) {
            keyPin(); // the prompt's end was not recognised: key the PIN anyway
        }
        byte[] event;
        synchronized (pending) {
            event = pending.poll();
        }
        if (event == GAP) {
            event = null;
        }
        out.clear();
        out.put((byte) 0x80);
        if (event != null) {
            out.put(event, 0, 1).putShort((short) sequence).put(event, 1, 4).putInt((int) ssrc).put(event, 5, 4);
            if (event[9] == 1 && stats.hashNanos == 0) {
                stats.hashNanos = now;
                talking = true;
            }
        } else {
            out.put((byte) 0).putShort((short) sequence).putInt((int) timestamp).putInt((int) ssrc);
            if (talking) {
                out.put(toneFrame);
            } else {
                for (int i = 0; i < 160; i++) {
                    out.put(SILENCE);
                }
            }
        }
        out.flip();
        rtp.send(out, to);
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + 160) & 0xFFFF_FFFFL;
        stats.sent++;
    }

    /**
     * Queues {@code <room>#} as RFC 4733 events: per key 100 ms of updates and three end packets, then
     * 60 ms of silence. Each entry: marker/pt byte, timestamp (4), payload (4), and a flag "end of #".
     */
    private void keyPin() {
        keyed = true;
        String digits = room + "#";
        long ts = timestamp;
        synchronized (pending) {
            for (char d : digits.toCharArray()) {
                long start = ts;
                for (int i = 1; i <= 8; i++) {
                    boolean end = i > 5;
                    byte[] payload = new TelephoneEvent(TelephoneEvent.eventFor(d), end, 10, Math.min(i, 5) * 160).toBytes();
                    byte[] e = new byte[10];
                    e[0] = (byte) ((i == 1 ? 0x80 : 0) | EVENT_PT);
                    e[1] = (byte) (start >>> 24);
                    e[2] = (byte) (start >>> 16);
                    e[3] = (byte) (start >>> 8);
                    e[4] = (byte) start;
                    System.arraycopy(payload, 0, e, 5, 4);
                    e[9] = (byte) (d == '#' && i == 6 ? 1 : 0);
                    pending.add(e);
                    ts += 160;
                }
                for (int i = 0; i < 3; i++) {
                    pending.add(GAP);
                    ts += 160;
                }
            }
        }
    }

    /** Receiver thread: one RTP packet from the node. */
    void received(byte[] buf, int len, long now, int window) {
        boolean inWindow = stats.enter(window);
        if (len < 12 + 160 || (buf[1] & 0x7F) != 0) {
            return;
        }
        for (int i = 0; i < 160; i++) {
            pcm[i] = ulawToLinear(buf[12 + i]);
        }
        double level = ToneMeter.rms(pcm, 160);
        if (inWindow) {
            stats.windowPackets++;
            if (ToneMeter.anyPresent(pcm, 160, webTones)) {
                stats.heard++;
            }
        }
        if (!keyed) {
            if (level >= ToneMeter.SILENCE_RMS) {
                heardPrompt = true;
                silentRun = 0;
            } else if (heardPrompt && ++silentRun >= 30) {
                keyPin(); // 600 ms of silence after the prompt
            }
        } else if (stats.hashNanos != 0) {
            if (stats.firstAudioNanos == 0 && level >= ToneMeter.SILENCE_RMS) {
                stats.firstAudioNanos = now;
            }
            if (stats.firstRoomToneNanos == 0 && ToneMeter.anyPresent(pcm, 160, webTones)) {
                stats.firstRoomToneNanos = now;
            }
        }
    }

    private static short ulawToLinear(byte b) {
        int u = ~b & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    /** What one phone did and heard. */
    static final class Stats {
        boolean answered;
        boolean byeFromNode;
        String failure = "";
        long inviteNanos;
        long hashNanos;
        long firstAudioNanos;
        long firstRoomToneNanos;
        long sent;
        long windowPackets;
        long heard;
        int window;

        /** Whether {@code id} is a measuring window (not 0); a new window starts its counts from zero. */
        boolean enter(int id) {
            if (id != 0 && id != window) {
                window = id;
                windowPackets = 0;
                heard = 0;
            }
            return id != 0;
        }
    }
}
