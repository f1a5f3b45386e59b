package dev.dialtone.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.TestNode;

/** Guessing API keys from one address is cut off after a few dozen tries a minute (counters in the live state). */
class AuthRateLimitIT {
    @Test
    void tooManyWrongKeysFromOneAddressGet429() throws Exception {
        try (TestNode node = TestNode.start(new BracketChecker())) {
            assertThat(node.get(node.adminKey(), "/api/v1/applications").statusCode()).isEqualTo(200);
            for (int i = 0; i < AuthGuard.FAILURES_PER_MINUTE; i++) {
                assertThat(node.get("dt_guess_" + i, "/api/v1/applications").statusCode()).isEqualTo(401);
            }
            assertThat(node.get("dt_guess_again", "/api/v1/applications").statusCode()).isEqualTo(429);
            assertThat(node.get(node.adminKey(), "/api/v1/applications").statusCode()).isEqualTo(429);
            assertThat(node.get(null, "/platform_api/GetApplications?account_id=1&api_key=" + TestNode.ADMIN_KEY).statusCode())
                    .isEqualTo(429);
            assertThat(node.get(null, "/api/v1/health").statusCode()).isEqualTo(200);
        }
    }
}
