package dev.dialtone.scenario.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionRequest;

/**
 * Counts worker kills per scenario version; a version whose sessions killed {@code kills} workers
 * within {@code window} is refused new sessions for {@code duration}, so one broken upload cannot
 * keep the node busy restarting workers. Every scenario of the killing session's rule is counted,
 * because the engine cannot tell which of the concatenated scenarios looped.
 */
final class Quarantine {
    private final Clock clock;
    private final int kills;
    private final Duration window;
    private final Duration duration;
    private final Map<String, ArrayDeque<Instant>> history = new HashMap<>();
    private final Map<String, Instant> until = new HashMap<>();

    Quarantine(Clock clock, int kills, Duration window, Duration duration) {
        this.clock = clock;
        this.kills = kills;
        this.window = window;
        this.duration = duration;
    }

    synchronized void recordKill(SessionRequest request) {
        Instant now = clock.instant();
        for (ScenarioSource s : request.scenarios()) {
            ArrayDeque<Instant> h = history.computeIfAbsent(s.versionKey(), k -> new ArrayDeque<>());
            h.add(now);
            while (!h.isEmpty() && h.peekFirst().isBefore(now.minus(window))) {
                h.pollFirst();
            }
            if (h.size() >= kills) {
                until.put(s.versionKey(), now.plus(duration));
                h.clear();
            }
        }
    }

    /** Why the request is refused, if one of its scenarios is quarantined. */
    synchronized Optional<String> refusal(SessionRequest request) {
        Instant now = clock.instant();
        for (ScenarioSource s : request.scenarios()) {
            Instant u = until.get(s.versionKey());
            if (u != null && now.isBefore(u)) {
                return Optional.of("scenario " + s.name() + " version " + s.version() + " is quarantined until " + u
                        + " because its sessions repeatedly had to be killed");
            }
        }
        return Optional.empty();
    }
}
