package dev.dialtone.scenario.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import dev.dialtone.scenario.NetPolicy;
import dev.dialtone.scenario.ScenarioHttpClient;

/**
 * {@code Net.httpRequest} over Vert.x's web client. The host name is resolved first and every address
 * checked against the policy; the request then connects to the first checked address (with the
 * original Host header and TLS server name), so DNS cannot swap in a private address afterwards.
 * Redirects are not followed (a redirect could point inside); the scenario sees the 3xx.
 */
public final class VertxScenarioHttpClient implements ScenarioHttpClient {
    /** Name resolution, replaceable in tests: the system resolver in production. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final Vertx vertx;
    private final NetPolicy policy;
    private final Resolver resolver;
    private final WebClient client;

    public VertxScenarioHttpClient(Vertx vertx, NetPolicy policy) {
        this(vertx, policy, host -> List.of(InetAddress.getAllByName(host)));
    }

    public VertxScenarioHttpClient(Vertx vertx, NetPolicy policy, Resolver resolver) {
        this.vertx = vertx;
        this.policy = policy;
        this.resolver = resolver;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setUserAgent("Dialtone-Scenario/1")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, policy.requestTimeout().toMillis())));
    }

    @Override
    public CompletionStage<Result> send(Request request) {
        Optional<String> early = policy.refuseUrl(request.url());
        if (early.isPresent()) {
            return CompletableFuture.completedFuture(Result.failure(0, "refused: " + early.get()));
        }
        String host = request.url().getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return vertx.<List<InetAddress>>executeBlocking(() -> resolver.resolve(bare), false)
                .toCompletionStage()
                .thenCompose(addresses -> {
                    // Every address of the name is checked, and the connection goes to a checked one.
                    Optional<String> refused = policy.refuseResolved(bare, addresses);
                    if (refused.isPresent()) {
                        return CompletableFuture.completedFuture(Result.failure(0, "refused: " + refused.get()));
                    }
                    return perform(request, addresses.get(0));
                })
                .exceptionally(e -> {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof UnknownHostException) {
                        return Result.failure(-3, "host not found");
                    }
                    return Result.failure(-4, "connection error: " + cause.getMessage());
                });
    }

    private CompletionStage<Result> perform(Request request, InetAddress address) {
        var url = request.url();
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : (tls ? 443 : 80);
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method().toUpperCase(java.util.Locale.ROOT)))
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(tls)
                .setURI(path)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setTimeout(policy.requestTimeout().toMillis());
        var req = client.request(options.getMethod(), options);
        for (String line : request.headers()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                req.putHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        var future = request.body() == null ? req.send() : req.sendBuffer(Buffer.buffer(request.body()));
        return future.toCompletionStage().thenApply(this::result).exceptionally(e -> {
            String m = String.valueOf(e.getMessage());
            return m.toLowerCase(java.util.Locale.ROOT).contains("timeout") ? Result.failure(-7, "timeout")
                    : Result.failure(-4, "connection error: " + m);
        });
    }

    private Result result(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body != null && body.length() > policy.maxResponseBytes()) {
            return Result.failure(-9, "the response is larger than " + policy.maxResponseBytes() + " bytes");
        }
        List<String> headers = new ArrayList<>();
        response.headers().forEach(h -> headers.add(h.getKey() + ": " + h.getValue()));
        return new Result(response.statusCode(), body == null ? "" : body.toString(), headers, null);
    }
}
