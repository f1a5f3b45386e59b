package dev.dialtone.platform.http.recordings;

import java.nio.file.Path;

import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.sessions.SessionsService;
import io.vertx.core.http.HttpMethod;

/**
 * {@code GET /api/v1/recordings/{recording_id}}: a finished recording ({@code call.record()}; the
 * {@code RecordStarted} / {@code RecordStopped} events carry this URL) as {@code audio/wav}, only to
 * the account whose session made it; anyone else gets 404.
 */
public final class RecordingsResource {
    private RecordingsResource() {
    }

    public static void register(ApiRoutes routes, SessionsService sessions) {
        routes.addStream(HttpMethod.GET, "/api/v1/recordings/{recording_id}", (call, ctx) -> {
            Path file = sessions.recording(call.account(), call.pathParam("recording_id"));
            ctx.response().putHeader("Content-Type", "audio/wav").putHeader("Cache-Control", "private, no-store")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
                    .sendFile(file.toString());
            return Reply.STREAMING;
        });
    }
}
