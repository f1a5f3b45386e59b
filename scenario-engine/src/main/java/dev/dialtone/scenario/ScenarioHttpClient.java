package dev.dialtone.scenario;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import dev.dialtone.scenario.internal.VertxScenarioHttpClient;

/**
 * Performs a scenario's {@code Net.httpRequest} on the node, after the engine checked the session's
 * limits and the URL against the {@link NetPolicy}. Completes with a result, never exceptionally:
 * network failures are results with the VoxEngine codes (-3 host not found, -4 connection error,
 * -7 timeout, -9 response too large, 0 refused by policy).
 */
@FunctionalInterface
public interface ScenarioHttpClient {
    CompletionStage<Result> send(Request request);

    record Request(String method, URI url, List<String> headers, String body) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(url, "url");
            headers = List.copyOf(headers);
        }
    }

    /** {@code headers} as "Name: value" lines, in order. */
    record Result(int code, String text, List<String> headers, String error) {
        public Result {
            text = text == null ? "" : text;
            headers = headers == null ? List.of() : List.copyOf(headers);
        }

        public static Result failure(int code, String error) {
            return new Result(code, "", List.of(), error);
        }
    }

    /**
     * The production client: Vert.x's web client on the given Vert.x instance. Names are resolved
     * first, every address is checked against {@code policy}, and the connection goes to the checked
     * address (so a name cannot be re-pointed at a private address between check and connect).
     */
    static ScenarioHttpClient vertx(io.vertx.core.Vertx vertx, NetPolicy policy) {
        return new VertxScenarioHttpClient(vertx, policy);
    }
}
