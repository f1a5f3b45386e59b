package dev.dialtone.pstn.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.SessionId;
import dev.dialtone.pstn.InboundDecision;
import dev.dialtone.pstn.InboundInvite;
import dev.dialtone.pstn.InboundRouter;

/**
 * A stand-in for the scenario engine in the SIP layer's tests: a router that accepts every INVITE
 * (or what {@link #decide} says) into account 1 / application 1, and a "session" per call that
 * drives the leg with plain Java ({@code onOffer}, {@code onEvent}) and records every event.
 */
public final class TestSessions implements InboundRouter {
    public static final AccountId ACCOUNT = new AccountId(1);
    public static final ApplicationId APPLICATION = new ApplicationId(1);

    /** One event a leg reported, with the leg. */
    public record Seen(CallLeg leg, CallEvent event) {
    }

    private final List<CallLeg> legs = new CopyOnWriteArrayList<>();
    private final List<Seen> events = new CopyOnWriteArrayList<>();
    private final List<InboundInvite> invites = new CopyOnWriteArrayList<>();
    private volatile Consumer<CallLeg> onOffer = leg -> { };
    private volatile BiConsumer<CallLeg, CallEvent> onEvent = (leg, e) -> { };
    private volatile Function<InboundInvite, Optional<InboundDecision.Reject>> decide = i -> Optional.empty();

    public TestSessions onOffer(Consumer<CallLeg> c) {
        onOffer = c;
        return this;
    }

    public TestSessions onEvent(BiConsumer<CallLeg, CallEvent> c) {
        onEvent = c;
        return this;
    }

    /** Rejects the INVITEs the function returns a rejection for. */
    public TestSessions decide(Function<InboundInvite, Optional<InboundDecision.Reject>> d) {
        decide = d;
        return this;
    }

    @Override
    public InboundDecision route(InboundInvite invite) {
        invites.add(invite);
        Optional<InboundDecision.Reject> reject = decide.apply(invite);
        if (reject.isPresent()) {
            return reject.get();
        }
        return new InboundDecision.Accept(ACCOUNT, APPLICATION, "app", invite.requestUser(), Optional.empty(), ClientType.SIP,
                leg -> {
                    legs.add(leg);
                    leg.listen(this::record);
                    onOffer.accept(leg);
                    return CompletableFuture.completedFuture(SessionId.random());
                });
    }

    /** Makes the test session of an outbound leg listen to it. */
    public CallLeg watch(CallLeg leg) {
        legs.add(leg);
        leg.listen(this::record);
        return leg;
    }

    private void record(CallLeg leg, CallEvent e) {
        events.add(new Seen(leg, e));
        onEvent.accept(leg, e);
    }

    public List<CallLeg> legs() {
        return List.copyOf(legs);
    }

    public List<InboundInvite> invites() {
        return List.copyOf(invites);
    }

    public List<CallEvent> events(CallLeg leg) {
        List<CallEvent> out = new ArrayList<>();
        for (Seen s : events) {
            if (s.leg() == leg) {
                out.add(s.event());
            }
        }
        return out;
    }

    public List<Seen> events() {
        return List.copyOf(events);
    }

    /** Waits for the first event of {@code type} (from any leg); empty on timeout. */
    public <T extends CallEvent> Optional<T> await(Class<T> type, Duration timeout) {
        return awaitNth(type, 1, timeout);
    }

    public <T extends CallEvent> Optional<T> awaitNth(Class<T> type, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int seen = 0;
            for (Seen s : events) {
                if (type.isInstance(s.event()) && ++seen == n) {
                    return Optional.of(type.cast(s.event()));
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    public long count(Class<? extends CallEvent> type) {
        return events.stream().filter(s -> type.isInstance(s.event())).count();
    }

    /** Waits until {@code n} legs were offered. */
    public boolean awaitLegs(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (legs.size() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(5_000_000);
        }
        return true;
    }
}
