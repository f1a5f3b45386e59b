package dev.dialtone.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.SessionId;
import dev.dialtone.pstn.InboundDecision;

class AcceptedRoutesTest {
    static InboundDecision.Accept accept(String dialed) {
        return new InboundDecision.Accept(new AccountId(1), new ApplicationId(2), "app.acme.dialtone.local", dialed, Optional.empty(),
                ClientType.SIP, leg -> CompletableFuture.completedFuture(SessionId.random()));
    }

    @Test
    void keepsAnAcceptedRouteForItsTimeThenForgetsIt() {
        AtomicLong now = new AtomicLong(Long.MAX_VALUE - 1_000); // nanoTime may wrap
        AcceptedRoutes routes = new AcceptedRoutes(Duration.ofNanos(500), 10, now::get);
        InboundDecision.Accept a = accept("conf_1");
        routes.put("k", a);
        assertThat(routes.get("k")).containsSame(a);
        now.addAndGet(500);
        assertThat(routes.get("k")).containsSame(a);
        now.addAndGet(1);
        assertThat(routes.get("k")).isEmpty();
        assertThat(routes.size()).isZero();
    }

    @Test
    void staysBounded() {
        AcceptedRoutes routes = new AcceptedRoutes(Duration.ofSeconds(2), 3, System::nanoTime);
        for (int i = 0; i < 10; i++) {
            routes.put("k" + i, accept("d" + i));
            assertThat(routes.size()).isLessThanOrEqualTo(3);
        }
        assertThat(routes.get("k9")).isPresent();
    }
}
