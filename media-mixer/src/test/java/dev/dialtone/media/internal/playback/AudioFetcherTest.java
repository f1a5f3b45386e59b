package dev.dialtone.media.internal.playback;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AudioFetcherTest {
    private final ExecutorService io = Executors.newFixedThreadPool(2);
    /** The default policy: no private or loopback addresses. */
    private final AudioFetcher fetcher = new AudioFetcher(new AddressPolicy(false, List.of()), 1 << 20,
            Duration.ofSeconds(10), io);

    @AfterEach
    void close() {
        fetcher.close();
        io.shutdownNow();
    }

    @Test
    void theWarmUpFetchesFromItsOwnLoopbackServerWhereThePolicyKeepsPlaybackOut() throws Exception {
        byte[] wav = "RIFF-not-really-a-wav-but-bytes".getBytes(StandardCharsets.US_ASCII);

        assertThatCode(() -> fetcher.warmUp(wav)).doesNotThrowAnyException();

        // The same kind of address through the public path is still refused: the warm-up opens no way in.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answer(server, wav));
            assertThatThrownBy(() -> fetcher.fetch(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/a.wav")))
                    .isInstanceOf(IOException.class).hasMessageContaining("internal address 127.0.0.1 is not allowed");
        }
    }

    @Test
    void aWarmUpThatGetsTheWrongBodyLengthFails() {
        // A body bigger than the fetcher's cap: the warm-up reports it rather than passing quietly.
        AudioFetcher small = new AudioFetcher(new AddressPolicy(false, List.of()), 8, Duration.ofSeconds(10), io);
        try {
            assertThatThrownBy(() -> small.warmUp(new byte[64])).isInstanceOf(IOException.class)
                    .hasMessageContaining("file too large");
        } finally {
            small.close();
        }
    }

    private static void answer(ServerSocket server, byte[] body) {
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        } catch (IOException e) {
            // Expected: nobody connects (the fetch is refused before it) and closing the server ends accept().
        }
    }
}
