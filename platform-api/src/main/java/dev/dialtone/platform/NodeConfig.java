package dev.dialtone.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.media.MediaConfig;
import dev.dialtone.pstn.PstnConfig;
import dev.dialtone.routing.RoutingConfig;
import dev.dialtone.scenario.NetPolicy;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.users.UsersConfig;

/**
 * Settings of one node ({@code dialtone.platform.*}), validated on construction. Command-line flags
 * and environment variables are parsed into it at the edge by {@link #fromArgs}.
 *
 * @param httpHost         {@code --http-host}: address the HTTP and HTTPS servers bind to
 * @param httpPort         {@code --http-port}: HTTP port of the APIs and metrics; 0 asks the OS for a free port
 * @param httpEnabled      {@code --http-enabled} / {@code DIALTONE_HTTP_ENABLED}: serve plain HTTP at all
 * @param httpsPort        {@code --https-port}: HTTPS port of the same APIs (and, later, the web SDK gateway); 0 = any
 * @param httpsEnabled     {@code --https-enabled} / {@code DIALTONE_HTTPS_ENABLED}: serve HTTPS at all
 * @param tls              {@code --tls-cert}, {@code --tls-key}: the HTTPS certificate, or self-signed
 * @param sipPort          {@code --sip-port}: UDP and TCP port of the SIP connector (bound on {@code --http-host}); 0 = any
 * @param dataDir          {@code --data-dir}: embedded PostgreSQL files, the secrets key, bootstrap credentials
 * @param dbUrl            {@code --db-url} or {@code DIALTONE_DB_URL}: an external PostgreSQL; empty = embedded
 * @param dbPoolSize       {@code dialtone.platform.db.pool-size}: JDBC connections
 * @param clusterPort      {@code --cluster-port}: Hazelcast member port on 127.0.0.1; 0 asks the OS
 * @param apiWorkers       {@code dialtone.platform.api.workers}: threads that run blocking API work (JDBC, hashing)
 * @param maxBodyBytes     {@code dialtone.platform.api.max-body-bytes}: request body cap (scenario uploads excepted)
 * @param maxScenarioChars {@code dialtone.platform.api.max-scenario-chars}: scenario source cap in characters
 * @param bootstrapApiKey  {@code DIALTONE_BOOTSTRAP_API_KEY}: the administrator's key on first start; empty = random
 * @param appDomain        {@code --sip-domain} ({@code dialtone.platform.app-domain}): suffix of full application names
 *                         ({@code app.account.<domain>}); a SIP request URI {@code dialed@app.account.<domain>} reaches that application
 * @param jwt              {@code dialtone.platform.jwt.*}: checks of service-account JWTs
 * @param publicUrl        {@code --public-url} / {@code DIALTONE_PUBLIC_URL}: how clients reach this node
 *                         ({@code https://voice.example.com}); session access URLs start with it. Empty =
 *                         {@code http://localhost:<http-port>} (and {@code https://localhost:<https-port>})
 * @param media            {@code dialtone.media.*}: the media engine; its data dir is the node's by default
 * @param scenario         {@code dialtone.scenario.*}: the scenario engine; its {@code access-url-base} is derived from
 *                         {@code publicUrl} and the bound ports at start, whatever is set here
 * @param sessions         {@code dialtone.platform.sessions.*}: session records and logs
 * @param pstn             {@code dialtone.pstn.*}: the SIP connector's limits and timeouts; its port is {@code sipPort},
 *                         its bind address {@code httpHost} and its application domain {@code appDomain} (set at start)
 */
public record NodeConfig(String httpHost, int httpPort, boolean httpEnabled, int httpsPort, boolean httpsEnabled, TlsConfig tls,
                         int sipPort, Path dataDir, Optional<String> dbUrl,
                         int dbPoolSize, int clusterPort, int apiWorkers, int maxBodyBytes, int maxScenarioChars,
                         Optional<String> bootstrapApiKey, String appDomain, UsersConfig users, RoutingConfig routing,
                         JwtConfig jwt, Optional<URI> publicUrl, MediaConfig media, ScenarioEngineConfig scenario,
                         SessionsConfig sessions, PstnConfig pstn) {
    public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final boolean DEFAULT_HTTP_ENABLED = true;
    public static final int DEFAULT_HTTPS_PORT = 8443;
    public static final boolean DEFAULT_HTTPS_ENABLED = true;
    public static final int DEFAULT_SIP_PORT = 5060;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final int DEFAULT_DB_POOL_SIZE = 10;
    public static final int DEFAULT_CLUSTER_PORT = 5701;
    public static final int DEFAULT_API_WORKERS = 32;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_SCENARIO_CHARS = 256 * 1024;
    public static final String DEFAULT_APP_DOMAIN = "dialtone.local";
    /** Shortest bootstrap API key accepted from the environment. */
    public static final int MIN_API_KEY_LENGTH = 16;

    public NodeConfig {
        Objects.requireNonNull(httpHost, "httpHost");
        checkPort("http-port", httpPort);
        checkPort("https-port", httpsPort);
        if (!httpEnabled && !httpsEnabled) {
            throw new IllegalArgumentException("HTTP and HTTPS are both disabled: the node would serve no API; enable one of them");
        }
        if (httpEnabled && httpsEnabled && httpPort == httpsPort && httpPort != 0) {
            throw new IllegalArgumentException("--http-port and --https-port are both " + httpPort + "; give them different ports");
        }
        Objects.requireNonNull(tls, "tls");
        checkPort("sip-port", sipPort);
        checkPort("cluster-port", clusterPort);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(dbUrl, "dbUrl");
        dbUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
                throw new IllegalArgumentException("--db-url must be a PostgreSQL URL (jdbc:postgresql://host:port/db or "
                        + "postgresql://user:password@host:port/db)");
            }
        });
        if (dbPoolSize < 1 || dbPoolSize > 200) {
            throw new IllegalArgumentException("db.pool-size must be 1..200: " + dbPoolSize);
        }
        if (apiWorkers < 1 || apiWorkers > 1000) {
            throw new IllegalArgumentException("api.workers must be 1..1000: " + apiWorkers);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("api.max-body-bytes must be at least 1024: " + maxBodyBytes);
        }
        if (maxScenarioChars < 1 || maxScenarioChars > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("api.max-scenario-chars must be 1..16777216: " + maxScenarioChars);
        }
        Objects.requireNonNull(bootstrapApiKey, "bootstrapApiKey");
        bootstrapApiKey.ifPresent(key -> {
            if (key.length() < MIN_API_KEY_LENGTH || key.length() > 200 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("DIALTONE_BOOTSTRAP_API_KEY must be " + MIN_API_KEY_LENGTH
                        + " to 200 printable ASCII characters without spaces");
            }
        });
        if (!appDomain.matches("[a-z0-9]([a-z0-9.-]{0,200}[a-z0-9])?")) {
            throw new IllegalArgumentException("app-domain must be a lower-case DNS name: " + appDomain);
        }
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(publicUrl, "publicUrl");
        publicUrl.ifPresent(u -> {
            if (!u.isAbsolute() || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !"/".equals(u.getRawPath()))
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                throw new IllegalArgumentException("--public-url must be http(s)://host[:port] without a path, not " + u);
            }
        });
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(pstn, "pstn");
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535: " + port);
        }
    }

    /** Defaults everywhere, with {@code dataDir} as the data directory. */
    public static NodeConfig defaults(Path dataDir) {
        return new NodeConfig(DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT, DEFAULT_HTTP_ENABLED, DEFAULT_HTTPS_PORT, DEFAULT_HTTPS_ENABLED,
                TlsConfig.SELF_SIGNED, DEFAULT_SIP_PORT, dataDir,
                Optional.empty(), DEFAULT_DB_POOL_SIZE, DEFAULT_CLUSTER_PORT, DEFAULT_API_WORKERS, DEFAULT_MAX_BODY_BYTES,
                DEFAULT_MAX_SCENARIO_CHARS, Optional.empty(), DEFAULT_APP_DOMAIN, UsersConfig.DEFAULT, RoutingConfig.DEFAULT,
                JwtConfig.DEFAULT, Optional.empty(), MediaConfig.builder().dataDir(dataDir).build(), ScenarioEngineConfig.defaults(),
                SessionsConfig.DEFAULT, PstnConfig.defaults());
    }

    public NodeConfig withHttp(String host, int port) {
        return new NodeConfig(host, port, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users,
                routing, jwt, publicUrl, media, scenario, sessions, pstn);
    }

    /** HTTP on or off (HTTPS stays as configured). */
    public NodeConfig withHttpEnabled(boolean enabled) {
        return new NodeConfig(httpHost, httpPort, enabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users,
                routing, jwt, publicUrl, media, scenario, sessions, pstn);
    }

    /** HTTPS on {@code port} (0 = any free port) with {@code tlsConfig}, or off. */
    public NodeConfig withHttps(boolean enabled, int port, TlsConfig tlsConfig) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, port, enabled, tlsConfig, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users,
                routing, jwt, publicUrl, media, scenario, sessions, pstn);
    }

    public NodeConfig withDbUrl(Optional<String> url) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, url, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users,
                routing, jwt, publicUrl, media, scenario, sessions, pstn);
    }

    public NodeConfig withClusterPort(int port) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                port, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users, routing, jwt, publicUrl, media, scenario, sessions, pstn);
    }

    public NodeConfig withBootstrapApiKey(Optional<String> key) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, key, appDomain, users, routing, jwt, publicUrl, media, scenario, sessions, pstn);
    }

    public NodeConfig withUsers(UsersConfig usersConfig) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, usersConfig,
                routing, jwt, publicUrl, media, scenario, sessions, pstn);
    }

    /** The media engine's settings (give it a data dir: recordings go there). */
    public NodeConfig withMedia(MediaConfig mediaConfig) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users, routing, jwt,
                publicUrl, mediaConfig, scenario, sessions, pstn);
    }

    /** The scenario engine's settings ({@code access-url-base} is replaced at start, see {@link #publicUrl}). */
    public NodeConfig withScenario(ScenarioEngineConfig scenarioConfig) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users, routing, jwt,
                publicUrl, media, scenarioConfig, sessions, pstn);
    }

    public NodeConfig withSessions(SessionsConfig sessionsConfig) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users, routing, jwt,
                publicUrl, media, scenario, sessionsConfig, pstn);
    }

    public NodeConfig withPublicUrl(Optional<URI> url) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users, routing, jwt,
                url, media, scenario, sessions, pstn);
    }

    public NodeConfig withJwt(JwtConfig jwtConfig) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users,
                routing, jwtConfig, publicUrl, media, scenario, sessions, pstn);
    }

    /**
     * Parses {@code --flag value} / {@code --flag=value} arguments over the defaults, then the
     * environment ({@code DIALTONE_DB_URL}, {@code DIALTONE_BOOTSTRAP_API_KEY}, {@code DIALTONE_HTTP_ENABLED},
     * {@code DIALTONE_HTTPS_ENABLED}, {@code DIALTONE_TLS_CERT}, {@code DIALTONE_TLS_KEY}); a flag beats the environment.
     *
     * @throws IllegalArgumentException with a message for the user on a bad flag or value
     */
    public static NodeConfig fromArgs(List<String> args, Map<String, String> env) {
        NodeConfig c = defaults(DEFAULT_DATA_DIR);
        String host = c.httpHost;
        int http = c.httpPort;
        int https = c.httpsPort;
        int sip = c.sipPort;
        int cluster = c.clusterPort;
        Path dataDir = c.dataDir;
        Optional<String> dbUrl = env(env, "DIALTONE_DB_URL");
        boolean httpOn = env(env, "DIALTONE_HTTP_ENABLED").map(v -> bool("DIALTONE_HTTP_ENABLED", v)).orElse(c.httpEnabled);
        boolean httpsOn = env(env, "DIALTONE_HTTPS_ENABLED").map(v -> bool("DIALTONE_HTTPS_ENABLED", v)).orElse(c.httpsEnabled);
        Optional<Path> cert = env(env, "DIALTONE_TLS_CERT").map(Path::of);
        Optional<Path> key = env(env, "DIALTONE_TLS_KEY").map(Path::of);
        Optional<String> publicUrl = env(env, "DIALTONE_PUBLIC_URL");
        String domain = c.appDomain;
        PstnConfig.Builder pstn = c.pstn.toBuilder();
        boolean privateNet = env(env, "DIALTONE_SCENARIO_PRIVATE_NET").map(v -> bool("DIALTONE_SCENARIO_PRIVATE_NET", v))
                .orElse(c.scenario.net().allowPrivateAddresses());
        List<String> fetchAllow = env(env, "DIALTONE_MEDIA_FETCH_ALLOW_LIST").map(NodeConfig::commaList).orElse(List.of());
        boolean suppressSilence = env(env, "DIALTONE_MEDIA_SILENCE_SUPPRESSION")
                .map(v -> bool("DIALTONE_MEDIA_SILENCE_SUPPRESSION", v)).orElse(c.media.silenceSuppression());
        int logRetentionDays = (int) c.sessions.logRetention().toDays();
        int logQueue = c.sessions.logQueueCapacity();
        int logBatch = c.sessions.logBatchSize();
        long logLingerMs = c.sessions.logLinger().toMillis();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String flag = rest.removeFirst();
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (flag.startsWith("--") && !rest.isEmpty()) {
                value = rest.removeFirst();
            } else {
                throw new IllegalArgumentException("unexpected argument '" + flag + "' (flags are --name value)");
            }
            switch (flag) {
                case "--http-host" -> host = value;
                case "--http-port" -> http = port(flag, value);
                case "--http-enabled" -> httpOn = bool(flag, value);
                case "--https-port" -> https = port(flag, value);
                case "--https-enabled" -> httpsOn = bool(flag, value);
                case "--tls-cert" -> cert = Optional.of(Path.of(value));
                case "--tls-key" -> key = Optional.of(Path.of(value));
                case "--sip-port" -> sip = port(flag, value);
                case "--cluster-port" -> cluster = port(flag, value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--db-url" -> dbUrl = Optional.of(value);
                case "--public-url" -> publicUrl = Optional.of(value);
                case "--sip-domain" -> domain = value.toLowerCase(Locale.ROOT);
                case "--sip-max-live-calls" -> pstn.maxLiveCalls(positive(flag, value));
                case "--sip-invites-per-second" -> pstn.invitesPerSecond(positive(flag, value));
                case "--sip-max-scenario-delay-ms" -> pstn.maxScenarioDelay(Duration.ofMillis(millis(flag, value, 60_000)));
                case "--scenario-private-net" -> privateNet = bool(flag, value);
                case "--media-fetch-allow-list" -> fetchAllow = commaList(value);
                case "--media-silence-suppression" -> suppressSilence = bool(flag, value);
                case "--session-log-retention-days" -> logRetentionDays = positive(flag, value);
                case "--session-log-queue" -> logQueue = positive(flag, value);
                case "--session-log-batch" -> logBatch = positive(flag, value);
                case "--session-log-linger-ms" -> logLingerMs = "0".equals(value) ? 0 : positive(flag, value);
                default -> throw new IllegalArgumentException("unknown flag " + flag + " (known: --http-host --http-port "
                        + "--http-enabled --https-port --https-enabled --tls-cert --tls-key --sip-port --cluster-port --data-dir --db-url "
                        + "--public-url --sip-domain --sip-max-live-calls --sip-invites-per-second --sip-max-scenario-delay-ms "
                        + "--scenario-private-net "
                        + "--media-fetch-allow-list --media-silence-suppression --session-log-retention-days --session-log-queue --session-log-batch "
                        + "--session-log-linger-ms)");
            }
        }
        SessionsConfig sessions = new SessionsConfig(Duration.ofDays(logRetentionDays), logQueue, logBatch,
                Duration.ofMillis(logLingerMs)); // its checks name the flags
        Optional<String> bootstrap = Optional.ofNullable(env.get("DIALTONE_BOOTSTRAP_API_KEY")).filter(s -> !s.isEmpty());
        return new NodeConfig(host, http, httpOn, https, httpsOn, new TlsConfig(cert, key), sip, dataDir, dbUrl, c.dbPoolSize,
                cluster, c.apiWorkers, c.maxBodyBytes, c.maxScenarioChars, bootstrap, domain, c.users, c.routing, c.jwt,
                publicUrl.map(NodeConfig::url), media(dataDir, fetchAllow, suppressSilence), scenarioNet(c.scenario, privateNet),
                sessions, pstn.build());
    }

    /**
     * {@code --media-fetch-allow-list} / {@code DIALTONE_MEDIA_FETCH_ALLOW_LIST}: comma-separated {@code host:port}
     * or CIDR blocks that playback may fetch from although they are loopback or private (a hold-music server on
     * the LAN, the node itself). Each entry is checked here, so a typo stops the start with its reason.
     * {@code --media-silence-suppression} / {@code DIALTONE_MEDIA_SILENCE_SUPPRESSION}: the media engine's
     * {@code silence-suppression}.
     */
    private static MediaConfig media(Path dataDir, List<String> fetchAllow, boolean suppressSilence) {
        try {
            return MediaConfig.builder().dataDir(dataDir).fetchAllowList(fetchAllow).silenceSuppression(suppressSilence).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--media-fetch-allow-list: " + e.getMessage(), e);
        }
    }

    private static List<String> commaList(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /**
     * {@code --scenario-private-net} / {@code DIALTONE_SCENARIO_PRIVATE_NET}: whether scenarios'
     * {@code Net.httpRequest} may reach loopback and private addresses (the node's own API, a backend on
     * the LAN). Off by default: a script could otherwise probe the internal network.
     */
    private static ScenarioEngineConfig scenarioNet(ScenarioEngineConfig scenario, boolean allowPrivate) {
        NetPolicy net = scenario.net();
        if (net.allowPrivateAddresses() == allowPrivate) {
            return scenario;
        }
        return scenario.toBuilder().net(new NetPolicy(allowPrivate, net.requestTimeout(), net.maxResponseBytes())).build();
    }

    private static URI url(String text) {
        try {
            return new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--public-url is not a URL: " + text);
        }
    }

    private static Optional<String> env(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank());
    }

    private static boolean bool(String flag, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(flag + " must be true or false, not '" + value + "'");
        };
    }

    /** Milliseconds from 0 (off) to {@code max}. */
    private static long millis(String flag, String value, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(flag + " must be a whole number of milliseconds from 0 (off) to " + max
                + ", not '" + value + "'");
    }

    private static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(flag + " must be a positive whole number, not '" + value + "'");
    }

    /** A node's own config with the SIP connector's settings replaced. */
    public NodeConfig withPstn(PstnConfig pstnConfig) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, sipPort, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users, routing, jwt, publicUrl,
                media, scenario, sessions, pstnConfig);
    }

    /** The same node on another SIP port (0 = any free port). */
    public NodeConfig withSipPort(int port) {
        return new NodeConfig(httpHost, httpPort, httpEnabled, httpsPort, httpsEnabled, tls, port, dataDir, dbUrl, dbPoolSize,
                clusterPort, apiWorkers, maxBodyBytes, maxScenarioChars, bootstrapApiKey, appDomain, users, routing, jwt, publicUrl,
                media, scenario, sessions, pstn);
    }

    private static int port(String flag, String value) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(flag + " must be a port number 0..65535, not '" + value + "'");
    }

    @Override
    public String toString() {
        return "NodeConfig[http=" + httpHost + ":" + (httpEnabled ? httpPort : "off") + ", https-port="
                + (httpsEnabled ? httpsPort + (tls.selfSigned() ? " (self-signed)" : " (" + tls.certFile().orElseThrow() + ")") : "off")
                + ", sip-port=" + sipPort
                + ", data-dir=" + dataDir + ", db=" + (dbUrl.isPresent() ? "external" : "embedded")
                + ", cluster-port=" + clusterPort + publicUrl.map(u -> ", public-url=" + u).orElse("") + "]";
    }
}
