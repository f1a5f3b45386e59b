package dev.dialtone.platform;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import dev.dialtone.core.ScriptChecker;
import dev.dialtone.platform.sdk.SdkConfig;

/**
 * The composition root: {@code ./dialtone start [flags]} runs {@link #main}. Parses flags, starts a
 * {@link Node} and stops it cleanly on SIGINT or SIGTERM.
 *
 * <p><b>Wiring point for the scenario engine:</b> {@link #main} passes the {@link ScriptChecker}
 * used to syntax-check scenario uploads to {@link #Main(ScriptChecker)}. Until the scenario engine's
 * GraalJS checker is wired there, {@link #UNCHECKED} is used and uploads are not syntax-checked.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /** Accepts every script; stands in until the scenario engine's checker is wired into {@link #main}. */
    public static final ScriptChecker UNCHECKED = (fileName, source) -> Optional.empty();

    private final ScriptChecker checker;

    public Main(ScriptChecker checker) {
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // Wiring point: replace UNCHECKED with the scenario engine's GraalJS ScriptChecker.
        System.exit(new Main(UNCHECKED).run(args));
    }

    /** Runs a node until the JVM is asked to stop; returns the process exit code. */
    public int run(String[] args) {
        NodeConfig config;
        ConsoleConfig console;
        SdkConfig sdk;
        try {
            config = NodeConfig.fromArgs(List.of(args), System.getenv());
            console = ConsoleConfig.fromEnv(System.getenv());
            sdk = SdkConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("dialtone: " + e.getMessage());
            return 2;
        }
        if (checker == UNCHECKED) {
            LOG.warn("scenario uploads are not syntax-checked: no ScriptChecker is wired into Main yet");
        }
        Node node;
        try {
            node = Node.start(config, console, sdk, checker, List.of());
        } catch (Exception e) {
            LOG.error("the node could not start: {}", e.getMessage(), e);
            return 1;
        }
        node.certificate().ifPresent(c -> System.out.printf("%nHTTPS on port %d, %s certificate %s%nSHA-256 fingerprint: %s%n",
                node.httpsPort(), c.selfSigned() ? "self-signed" : "configured", c.certFile().toAbsolutePath(), c.sha256Fingerprint()));
        node.bootstrapCredentials().ifPresent(c -> System.out.printf(
                "%nAdministrator account created: account_name=%s account_id=%s%nAPI key (shown once; also in %s): %s%n%n",
                c.account().name(), c.account().id(), config.dataDir().resolve("bootstrap-credentials.json"), c.apiKey()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping (signal received)");
            node.close();
            stopped.countDown();
        }, "dialtone-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
