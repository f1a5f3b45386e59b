package dev.dialtone.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CallEventQueueTest {
    private static final CallLeg LEG = (CallLeg) Proxy.newProxyInstance(CallLeg.class.getClassLoader(),
            new Class<?>[] {CallLeg.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });

    private static CallEvent message(int i) {
        return new CallEvent.MessageReceived("m" + i, Map.of());
    }

    private static String text(CallEvent e) {
        return ((CallEvent.MessageReceived) e).text();
    }

    @Test
    void eventsBeforeTheListenerAreKeptAndHandedOverInOrder() {
        List<String> got = new ArrayList<>();
        CallEventQueue q = new CallEventQueue(LEG, (e, ex) -> { });
        q.emit(message(1));
        q.emit(message(2));
        assertThat(got).isEmpty();

        q.listen((leg, e) -> {
            assertThat(leg).isSameAs(LEG);
            got.add(text(e));
        });
        q.emit(message(3));

        assertThat(got).containsExactly("m1", "m2", "m3");
    }

    @Test
    void anEventEmittedByTheListenerWaitsForTheOneItHandles() {
        List<String> got = new ArrayList<>();
        CallEventQueue[] q = new CallEventQueue[1];
        q[0] = new CallEventQueue(LEG, (e, ex) -> { });
        q[0].listen((leg, e) -> {
            got.add("begin " + text(e));
            if (text(e).equals("m1")) {
                q[0].emit(message(2));
            }
            got.add("end " + text(e));
        });
        q[0].emit(message(1));

        assertThat(got).containsExactly("begin m1", "end m1", "begin m2", "end m2");
    }

    @Test
    void aListenerThatThrowsLosesOnlyThatEvent() {
        List<String> got = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        CallEventQueue q = new CallEventQueue(LEG, (e, ex) -> failed.add(text(e) + ": " + ex.getMessage()));
        q.listen((leg, e) -> {
            if (text(e).equals("m2")) {
                throw new IllegalStateException("boom");
            }
            got.add(text(e));
        });
        for (int i = 1; i <= 3; i++) {
            q.emit(message(i));
        }

        assertThat(got).containsExactly("m1", "m3");
        assertThat(failed).containsExactly("m2: boom");
    }

    @Test
    void eventsFromManyThreadsReachTheListenerOneAtATime() throws Exception {
        int threads = 4;
        int each = 2_000;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        CallEventQueue q = new CallEventQueue(LEG, (e, ex) -> { });
        q.listen((leg, e) -> {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            got.add(text(e));
            inside.decrementAndGet();
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    q.emit(message(base + i));
                }
            }));
        }
        start.countDown();
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertThat(overlaps).hasValue(0);
        assertThat(got).hasSize(threads * each);
        // Each thread's own events keep their order.
        for (int t = 0; t < threads; t++) {
            int lo = t * each;
            List<Integer> mine = got.stream().map(s -> Integer.parseInt(s.substring(1)))
                    .filter(i -> i >= lo && i < lo + each).toList();
            assertThat(mine).isSorted();
        }
    }
}
