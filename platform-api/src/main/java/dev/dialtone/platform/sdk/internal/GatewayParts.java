package dev.dialtone.platform.sdk.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.dialtone.core.Scheduler;
import dev.dialtone.platform.sdk.SdkConfig;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

/**
 * What every connection of one gateway shares.
 *
 * @param iceConfig         the {@code iceConfig} handed to a user at login (TURN credentials), or null
 * @param loginsInFlight    logins queued or running on the login threads, node-wide
 * @param maxLoginsInFlight above this, logins are refused at once (500) instead of queuing without bound
 * @param calls             the call signalling of a logged-in connection
 * @param resumes           calls of dropped connections waiting for their page to come back
 */
public record GatewayParts(SdkConfig config, Scheduler scheduler, Logins logins, WorkerExecutor loginWorkers,
                           ConnectionRegistry registry, Function<SdkIdentity, JsonObject> iceConfig,
                           AtomicInteger loginsInFlight, int maxLoginsInFlight, CallSignaling.Factory calls,
                           ResumeRegistry resumes) {
}
