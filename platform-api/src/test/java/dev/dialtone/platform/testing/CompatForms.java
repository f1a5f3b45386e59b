package dev.dialtone.platform.testing;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bodies the way clients of the original's compatible API send them: url-encoded forms and
 * multipart/form-data (what its official clients send, one part per parameter).
 */
public final class CompatForms {
    public static final String BOUNDARY = "----dialtone-test-boundary-7f3a";

    private CompatForms() {
    }

    public static String urlencoded(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static String multipart(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((name, value) -> b.append("--").append(BOUNDARY).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        return b.append("--").append(BOUNDARY).append("--\r\n").toString();
    }

    /** A POST request builder with a multipart body. */
    public static HttpRequest.Builder multipart(HttpRequest.Builder builder, Map<String, String> params) {
        return builder.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofString(multipart(params)));
    }

    /** A POST request builder with a url-encoded body. */
    public static HttpRequest.Builder urlencoded(HttpRequest.Builder builder, Map<String, String> params) {
        return builder.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlencoded(params)));
    }
}
