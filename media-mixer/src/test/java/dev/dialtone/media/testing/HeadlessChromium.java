package dev.dialtone.media.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium ({@value #EXECUTABLE}), headless, opening one page: fake camera and microphone
 * (the microphone plays a WAV file in a loop), permission prompts accepted, loopback ICE candidates
 * allowed, audio allowed to start without a user gesture, a throw-away profile. The page talks to
 * the test over HTTP; nothing is driven through DevTools. {@link #close} kills the whole process tree.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final String EXECUTABLE = "/usr/bin/chromium";

    private final Process process;
    private final Path log;

    private HeadlessChromium(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Opens {@code page}; the fake microphone plays {@code fakeAudioWav}. Profile and log go under {@code dir}. */
    public static HeadlessChromium open(URI page, Path fakeAudioWav, Path dir) throws IOException {
        if (!Files.isExecutable(Path.of(EXECUTABLE))) {
            throw new IllegalStateException(EXECUTABLE + " is missing: install the Debian package chromium "
                    + "(./dialtone installs TEST_PACKAGES)");
        }
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Path log = dir.resolve("chromium.log");
        List<String> cmd = new ArrayList<>(List.of(EXECUTABLE, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-sync", "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-audio-capture=" + fakeAudioWav.toAbsolutePath(),
                "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + profile.toAbsolutePath(), page.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TMPDIR", Files.createDirectories(dir.resolve("chromium-tmp")).toString());
        Process p = pb.start();
        return new HeadlessChromium(p, log);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** What Chromium printed (for failure messages). */
    public String log() {
        try {
            String s = Files.readString(log);
            return s.length() > 4_000 ? s.substring(s.length() - 4_000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
