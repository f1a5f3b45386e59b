package dev.dialtone.scenario.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dialtone.core.Scheduler;
import dev.dialtone.scenario.ScenarioHttpClient;
import dev.dialtone.scenario.testing.Timeline.Kind;

/**
 * {@code Net.httpRequest} answered from canned responses: the first registered URL prefix that the
 * requested URL starts with answers (at once, or after a delay on the harness's clock); anything else
 * gets 404. Every request is recorded, and so is the largest number of requests in flight at once.
 */
public final class CannedHttp implements ScenarioHttpClient {
    private record Canned(String prefix, Result result, Duration delay) {
    }

    private final List<Canned> canned = new CopyOnWriteArrayList<>();
    private final Timeline timeline;
    private final Scheduler scheduler;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** Canned responses on {@code scheduler}'s time (delayed answers need it). */
    public CannedHttp(Timeline timeline, Scheduler scheduler) {
        this.timeline = timeline;
        this.scheduler = scheduler;
    }

    /** Canned responses that always answer at once. */
    public CannedHttp(Timeline timeline) {
        this(timeline, null);
    }

    public void respond(String urlPrefix, int code, String body) {
        canned.add(new Canned(urlPrefix, new Result(code, body, List.of("Content-Type: text/plain"), null), Duration.ZERO));
    }

    public void respond(String urlPrefix, int code, String body, Map<String, String> headers) {
        List<String> lines = headers.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
        canned.add(new Canned(urlPrefix, new Result(code, body, lines, null), Duration.ZERO));
    }

    /** Answers requests to {@code urlPrefix} after {@code delay} of the harness's time. */
    public void respondAfter(String urlPrefix, Duration delay, int code, String body) {
        if (scheduler == null) {
            throw new IllegalStateException("delayed answers need the CannedHttp(timeline, scheduler) constructor");
        }
        canned.add(new Canned(urlPrefix, new Result(code, body, List.of("Content-Type: text/plain"), null), delay));
    }

    /** The most requests that were waiting for their answer at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public CompletionStage<Result> send(Request request) {
        String url = request.url().toString();
        timeline.add(Kind.HTTP_REQUEST, request.method(), url + (request.body() == null ? "" : " " + request.body()));
        Canned match = canned.stream().filter(c -> url.startsWith(c.prefix())).findFirst().orElse(null);
        Result result = match == null ? new Result(404, "not found", List.of(), null) : match.result();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        CompletableFuture<Result> answer = new CompletableFuture<>();
        Runnable complete = () -> {
            inFlight.decrementAndGet();
            answer.complete(result);
        };
        if (match == null || match.delay().isZero()) {
            complete.run();
        } else {
            scheduler.schedule(match.delay(), complete);
        }
        return answer;
    }
}
