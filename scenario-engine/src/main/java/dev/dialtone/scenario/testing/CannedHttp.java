package dev.dialtone.scenario.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dialtone.scenario.ScenarioHttpClient;
import dev.dialtone.scenario.testing.Timeline.Kind;

/**
 * {@code Net.httpRequest} answered from canned responses: the first registered URL prefix that the
 * requested URL starts with answers; anything else gets 404. Every request is recorded.
 */
public final class CannedHttp implements ScenarioHttpClient {
    private record Canned(String prefix, Result result) {
    }

    private final List<Canned> canned = new CopyOnWriteArrayList<>();
    private final Timeline timeline;

    public CannedHttp(Timeline timeline) {
        this.timeline = timeline;
    }

    public void respond(String urlPrefix, int code, String body) {
        canned.add(new Canned(urlPrefix, new Result(code, body, List.of("Content-Type: text/plain"), null)));
    }

    public void respond(String urlPrefix, int code, String body, Map<String, String> headers) {
        List<String> lines = headers.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
        canned.add(new Canned(urlPrefix, new Result(code, body, lines, null)));
    }

    @Override
    public CompletionStage<Result> send(Request request) {
        String url = request.url().toString();
        timeline.add(Kind.HTTP_REQUEST, request.method(), url + (request.body() == null ? "" : " " + request.body()));
        for (Canned c : canned) {
            if (url.startsWith(c.prefix())) {
                return CompletableFuture.completedFuture(c.result());
            }
        }
        return CompletableFuture.completedFuture(new Result(404, "not found", List.of(), null));
    }
}
