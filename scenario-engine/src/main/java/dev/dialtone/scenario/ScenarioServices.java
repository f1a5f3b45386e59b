package dev.dialtone.scenario;

import java.util.Objects;

import dev.dialtone.core.MediaServices;
import dev.dialtone.core.OutboundCalls;
import dev.dialtone.core.Scheduler;

/**
 * What the engine needs from the node, wired by the composition root.
 *
 * @param scheduler   session timers, idle and alerting timeouts (a {@code VirtualScheduler} in the test kit)
 * @param outbound    {@code callPSTN}, {@code callSIP}, {@code callUser}
 * @param media       players, conferences, recorders and the back-to-back link of internal calls
 * @param routes      routes {@code callConference} names through the application's rules
 * @param conferences who owns a conference name
 * @param log         the session log
 * @param http        {@code Net.httpRequest}
 */
public record ScenarioServices(
        Scheduler scheduler,
        OutboundCalls outbound,
        MediaServices media,
        ConferenceRoutes routes,
        ConferenceDirectory conferences,
        SessionLogSink log,
        ScenarioHttpClient http) {

    public ScenarioServices {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(conferences, "conferences");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(http, "http");
    }
}
