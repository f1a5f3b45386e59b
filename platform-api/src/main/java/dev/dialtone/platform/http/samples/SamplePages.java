package dev.dialtone.platform.http.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.platform.http.HttpMount;
import dev.dialtone.platform.service.Services;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

/**
 * The web pages of the samples, served by the node over HTTPS at {@code /samples/<sample>/} (copied from
 * {@code samples/<sample>/web} at build time): the videoconf join page. Over plain HTTP they answer with where to
 * find them, since the web SDK they use connects with {@code wss://} to the page's own host and port.
 */
public final class SamplePages implements HttpMount {
    private static final Logger LOG = LoggerFactory.getLogger(SamplePages.class);
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
    private static final Map<String, List<String>> FILES = Map.of("videoconf", List.of("index.html", "app.js", "app.css"));
    static final String CSP = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "media-src 'self' blob: mediastream:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    @Override
    public void mount(Router router, Vertx vertx, Services services) {
        FILES.forEach((sample, files) -> {
            for (String file : files) {
                byte[] body = load("samples/" + sample + "/" + file);
                if (body == null) {
                    LOG.warn("samples/{}/{} is not on the classpath: the {} page is not served", sample, file, sample);
                    return;
                }
                Buffer buffer = Buffer.buffer(body);
                String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
                String path = "/samples/" + sample + "/" + (file.equals("index.html") ? "" : file);
                router.get(path).handler(ctx -> {
                    if (!ctx.request().isSSL()) {
                        ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                                .end("The " + sample + " page runs over HTTPS: open https://<host>:<https-port>/samples/" + sample
                                        + "/ (default port 8443)\n");
                        return;
                    }
                    headers(ctx.response().headers());
                    ctx.response().putHeader("Content-Type", type).end(buffer);
                });
            }
            router.get("/samples/" + sample).handler(ctx -> ctx.response().setStatusCode(301)
                    .putHeader("Location", "/samples/" + sample + "/").end());
        });
    }

    private static void headers(MultiMap h) {
        h.set("Content-Security-Policy", CSP);
        h.set("Cache-Control", "no-cache");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()");
    }

    private static byte[] load(String resource) {
        try (InputStream in = SamplePages.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
