package dev.dialtone.platform.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.Scheduler;

/**
 * The calls of dropped connections, kept for the resume grace period under the SHA-256 of the
 * connection's resume token (handed to the page in {@code loginSuccessful}, never logged). A page that
 * logs in again as the same user and sends {@code resumeConnection [token]} takes them back; otherwise
 * they end as disconnected when the grace period is over. Node-local: the calls and their media live here.
 */
public final class ResumeRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeRegistry.class);

    private record Parked(SdkIdentity identity, SdkCalls calls, Scheduler.Cancellable expiry) {
    }

    private final Scheduler scheduler;
    private final Duration grace;
    private final Map<String, Parked> parked = new ConcurrentHashMap<>();

    public ResumeRegistry(Scheduler scheduler, Duration grace) {
        this.scheduler = scheduler;
        this.grace = grace;
    }

    /** Keeps {@code calls} for the grace period; false if there is no grace period (the caller ends them). */
    boolean park(String resumeToken, SdkIdentity identity, SdkCalls calls) {
        if (grace.isZero()) {
            return false;
        }
        String key = hash(resumeToken);
        Scheduler.Cancellable expiry = scheduler.schedule(grace, () -> {
            Parked p = parked.remove(key);
            if (p != null) {
                LOG.info("web SDK user {} (application {}) did not come back within {}: ending the calls", identity.user(),
                        identity.application(), grace);
                p.calls().onConnectionClosed();
            }
        });
        parked.put(key, new Parked(identity, calls, expiry));
        return true;
    }

    /** Takes the calls parked under {@code resumeToken} if they belong to {@code identity}'s user. */
    Optional<SdkCalls> take(String resumeToken, SdkIdentity identity) {
        String key = hash(resumeToken);
        Parked p = parked.get(key);
        if (p == null || !p.identity().application().equals(identity.application()) || !p.identity().user().equals(identity.user())
                || !parked.remove(key, p)) {
            return Optional.empty();
        }
        p.expiry().cancel();
        return Optional.of(p.calls());
    }

    public int size() {
        return parked.size();
    }

    /** Ends every parked call (node stopping). */
    public void endAll() {
        for (String key : parked.keySet()) {
            Parked p = parked.remove(key);
            if (p != null) {
                p.expiry().cancel();
                p.calls().onConnectionClosed();
            }
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
