package dev.dialtone.platform.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * {@link LiveState} on a Hazelcast member bound to 127.0.0.1, with multicast, auto-detection and
 * phone-home off. A single node is a cluster of one; joining other nodes is a later deployment step.
 */
public final class HazelcastLiveState implements LiveState {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastLiveState.class);

    private final HazelcastInstance hz;
    private final Clock clock;

    private HazelcastLiveState(HazelcastInstance hz, Clock clock) {
        this.hz = hz;
        this.clock = clock;
    }

    /** @param port member port on 127.0.0.1; 0 asks the OS for a free one */
    public static HazelcastLiveState start(int port, Clock clock) throws IOException {
        long t0 = System.nanoTime();
        int memberPort = port == 0 ? freePort() : port;
        Config config = new Config();
        config.setClusterName("dialtone-" + UUID.randomUUID());
        config.setInstanceName("dialtone-live-" + memberPort);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.getJetConfig().setEnabled(false);
        config.getMetricsConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(memberPort).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        network.setPublicAddress("127.0.0.1:" + memberPort);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        System.setProperty("hazelcast.phone.home.enabled", "false");
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        LOG.info("live state (Hazelcast member on 127.0.0.1:{}) started in {} ms", memberPort, (System.nanoTime() - t0) / 1_000_000);
        return new HazelcastLiveState(hz, clock);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private IMap<String, String> values(String space) {
        return hz.getMap("values." + space);
    }

    private IMap<String, Long> counters() {
        return hz.getMap("counters");
    }

    @Override
    public boolean putIfAbsent(String space, String key, String value, Duration ttl) {
        return values(space).putIfAbsent(key, value, Math.max(1, ttl.toMillis()), TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public Optional<String> get(String space, String key) {
        return Optional.ofNullable(values(space).get(key));
    }

    @Override
    public void put(String space, String key, String value, Duration ttl) {
        values(space).set(key, value, Math.max(1, ttl.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<String> take(String space, String key) {
        return Optional.ofNullable(values(space).remove(key));
    }

    @Override
    public long increment(String counter, Duration window) {
        String key = windowKey(counter, window);
        IMap<String, Long> map = counters();
        Long count = map.executeOnKey(key, entry -> {
            Long now = entry.getValue() == null ? 1L : entry.getValue() + 1;
            entry.setValue(now);
            return now;
        });
        if (count == 1L) {
            map.setTtl(key, window.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
        return count;
    }

    @Override
    public long count(String counter, Duration window) {
        Long v = counters().get(windowKey(counter, window));
        return v == null ? 0 : v;
    }

    private String windowKey(String counter, Duration window) {
        long index = clock.millis() / Math.max(1, window.toMillis());
        return counter + "@" + index;
    }

    @Override
    public void publish(String topic, String message) {
        hz.<String>getTopic("topic." + topic).publish(message);
    }

    @Override
    public void subscribe(String topic, Consumer<String> listener) {
        hz.<String>getTopic("topic." + topic).addMessageListener(m -> listener.accept(m.getMessageObject()));
    }

    @Override
    public boolean healthy() {
        return hz.getLifecycleService().isRunning();
    }

    @Override
    public void close() {
        hz.shutdown();
    }
}
