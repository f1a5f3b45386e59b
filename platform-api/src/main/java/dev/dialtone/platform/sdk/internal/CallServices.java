package dev.dialtone.platform.sdk.internal;

import java.util.Objects;
import java.util.concurrent.Executor;

import dev.dialtone.media.MediaEngine;
import dev.dialtone.platform.sessions.SessionRouting;
import dev.dialtone.scenario.ScenarioEngine;

/**
 * What browser calls need from the node: the scenario engine (sessions), the media engine (WebRTC
 * endpoints, links), the rules ({@link SessionRouting}) and a pool for blocking work (routing reads
 * the database).
 */
public record CallServices(ScenarioEngine engine, MediaEngine media, SessionRouting routing, Executor blocking) {
    public CallServices {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(blocking, "blocking");
    }
}
