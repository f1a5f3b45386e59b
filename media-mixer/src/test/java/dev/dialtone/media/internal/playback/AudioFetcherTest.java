package dev.dialtone.media.internal.playback;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AudioFetcherTest {
    /** The default policy: no private or loopback addresses. */
    private final AudioFetcher fetcher = new AudioFetcher(new AddressPolicy(false, List.of()), 1 << 20,
            Duration.ofSeconds(10));

    @AfterEach
    void close() {
        fetcher.close();
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
        AudioFetcher small = new AudioFetcher(new AddressPolicy(false, List.of()), 8, Duration.ofSeconds(10));
        try {
            assertThatThrownBy(() -> small.warmUp(new byte[64])).isInstanceOf(IOException.class)
                    .hasMessageContaining("file too large");
        } finally {
            small.close();
        }
    }

    @Test
    void fetchesThatOccupyEveryThreadOfTheirPoolStillFinish() throws Exception {
        // PlaybackService runs its blocking fetches on the media engine's I/O pool. Here a pool of one thread is
        // inside a fetch: the HTTP client must still complete it (it hung past its own timeout when the client
        // was given that same pool).
        ExecutorService one = Executors.newFixedThreadPool(1);
        AudioFetcher open = new AudioFetcher(new AddressPolicy(true, List.of()), 1 << 20, Duration.ofSeconds(5));
        byte[] body = new byte[200_000];
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answer(server, body));
            URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/a.wav");
            Future<byte[]> got = one.submit(() -> open.fetch(url));
            assertThat(got.get(20, TimeUnit.SECONDS)).hasSize(body.length);
        } finally {
            open.close();
            one.shutdownNow();
        }
    }

    private static void answer(ServerSocket server, byte[] body) {
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
            // Read the request to its empty line first: closing with it unread would reset the connection.
            java.io.InputStream in = s.getInputStream();
            int last4 = 0;
            int b;
            while ((b = in.read()) >= 0 && (last4 = (last4 << 8) | b) != 0x0d0a0d0a) {
                // the request has no body
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        } catch (IOException e) {
            // Expected: nobody connects (the fetch is refused before it) and closing the server ends accept().
        }
    }
}
