package dev.dialtone.platform.http.console;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's static files, read from the classpath folder {@code console/} (never from the
 * working directory), cached in memory, served with an ETag and {@code Cache-Control: no-cache} so
 * a browser revalidates after an upgrade. Only plain relative paths of known file types are served.
 */
final class ConsoleAssets {
    static final String ROOT = "console/";
    private static final Pattern SAFE_PATH = Pattern.compile("([a-z0-9_-]+/)*[a-z0-9_.-]+\\.(html|js|css|svg|png|ico|json)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private record Asset(Buffer body, String type, String etag) {
    }

    private final Map<String, Asset> cache = new ConcurrentHashMap<>();
    private final ClassLoader loader = ConsoleAssets.class.getClassLoader();

    /** Serves {@code path} (relative to the console root; empty = index.html). Runs on the event loop: files are small. */
    void serve(RoutingContext ctx, String path) {
        String p = path.isEmpty() ? "index.html" : path;
        Optional<Asset> asset = SAFE_PATH.matcher(p).matches() && !p.contains("..") ? find(p) : Optional.empty();
        var response = ctx.response();
        SecurityHeaders.apply(response.headers());
        if (asset.isEmpty()) {
            response.setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("not found\n");
            return;
        }
        Asset a = asset.get();
        response.putHeader("ETag", a.etag()).putHeader("Cache-Control", "no-cache");
        String inm = ctx.request().getHeader("If-None-Match");
        if (a.etag().equals(inm)) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader("Content-Type", a.type());
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(a.body().length())).end();
        } else {
            response.end(a.body());
        }
    }

    /** Found files are cached; missing ones are not (so probing paths cannot grow the cache). */
    private Optional<Asset> find(String path) {
        Asset cached = cache.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Asset> loaded = load(path);
        loaded.ifPresent(a -> cache.put(path, a));
        return loaded;
    }

    private Optional<Asset> load(String path) {
        try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String ext = path.substring(path.lastIndexOf('.') + 1);
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
            return Optional.of(new Asset(Buffer.buffer(bytes), TYPES.get(ext), etag));
        } catch (IOException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
