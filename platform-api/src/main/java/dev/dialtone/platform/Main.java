package dev.dialtone.platform;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import dev.dialtone.core.ScriptChecker;
import dev.dialtone.platform.sdk.SdkConfig;

/**
 * The composition root: {@code ./dialtone start [flags]} runs {@link #main}. Parses flags, starts a
 * {@link Node} and stops it cleanly on SIGINT or SIGTERM.
 *
 * <p>Scenario uploads are syntax-checked by the node's scenario engine (GraalJS's parser in a sandbox
 * worker); {@link #Main(ScriptChecker)} replaces that checker (tests).
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /** Accepts every script (tests that must not depend on a syntax checker). */
    public static final ScriptChecker UNCHECKED = (fileName, source) -> Optional.empty();

    private final Optional<ScriptChecker> checker;

    /** Checks scenario uploads with the node's scenario engine. */
    public Main() {
        this.checker = Optional.empty();
    }

    /** Checks scenario uploads with {@code checker} instead of the scenario engine. */
    public Main(ScriptChecker checker) {
        this.checker = Optional.of(Objects.requireNonNull(checker, "checker"));
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(new Main().run(args));
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
        if (checker.isPresent() && checker.get() == UNCHECKED) {
            LOG.warn("scenario uploads are not syntax-checked (Main was given UNCHECKED)");
        }
        // The hook is in place before the start: a SIGTERM or Ctrl-C while the node is still starting waits for the
        // start to end and then stops it (a start that fails stops what it started); before, the JVM exited at once
        // and left the embedded PostgreSQL running on the data directory.
        CountDownLatch startEnded = new CountDownLatch(1);
        AtomicReference<Node> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping (signal received)");
            try {
                if (!startEnded.await(2, TimeUnit.MINUTES)) {
                    LOG.warn("the node was still starting after 2 minutes; stopping without it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Node n = running.get();
            if (n != null) {
                n.close();
            }
            stopped.countDown();
        }, "dialtone-shutdown"));
        Node node;
        try {
            node = checker.isPresent() ? Node.start(config, console, sdk, checker.get(), List.of())
                    : Node.start(config, console, sdk, List.of());
            running.set(node);
        } catch (Exception e) {
            LOG.error("the node could not start: {}", e.getMessage(), e);
            return 1;
        } finally {
            startEnded.countDown();
        }
        node.certificate().ifPresent(c -> System.out.printf("%nHTTPS on port %d, %s certificate %s%nSHA-256 fingerprint: %s%n",
                node.httpsPort(), c.selfSigned() ? "self-signed" : "configured", c.certFile().toAbsolutePath(), c.sha256Fingerprint()));
        node.bootstrapCredentials().ifPresent(c -> System.out.printf(
                "%nAdministrator account created: account_name=%s account_id=%s%nAPI key (shown once; also in %s): %s%n%n",
                c.account().name(), c.account().id(), config.dataDir().resolve("bootstrap-credentials.json"), c.apiKey()));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
