package dev.dialtone.pstn.internal.call;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The connector's meters ({@code dialtone.pstn.*}). */
public final class CallMetrics {
    private final MeterRegistry registry;
    private final Counter rejectedOverload;
    private final Counter blockedInvites;
    private final Counter malformed;
    private final Counter recordTimeouts;
    private final Timer inviteToAnswer;

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rejectedOverload = Counter.builder("dialtone.pstn.invites.overload").description("INVITEs answered 503").register(registry);
        this.blockedInvites = Counter.builder("dialtone.pstn.invites.blocked").description("INVITEs dropped from rate-limited sources").register(registry);
        this.malformed = Counter.builder("dialtone.pstn.messages.malformed").description("messages the parser rejected").register(registry);
        this.recordTimeouts = Counter.builder("dialtone.pstn.records.timeouts").description("BYEs answered before their call record was stored").register(registry);
        this.inviteToAnswer = Timer.builder("dialtone.pstn.invite.answer").description("INVITE received to 200 OK sent")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public void gauge(String name, IntSupplier value) {
        Gauge.builder(name, value::getAsInt).register(registry);
    }

    public void legCount(String direction) {
        registry.counter("dialtone.pstn.legs", "direction", direction).increment();
    }

    public void overload() {
        rejectedOverload.increment();
    }

    public void blocked() {
        blockedInvites.increment();
    }

    public void malformed() {
        malformed.increment();
    }

    void recordTimeout() {
        recordTimeouts.increment();
    }

    void inviteToAnswer(long nanos) {
        inviteToAnswer.record(nanos, TimeUnit.NANOSECONDS);
    }

    public Timer inviteToAnswerTimer() {
        return inviteToAnswer;
    }
}
