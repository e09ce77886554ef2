package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionPolicyTest {

    @Test
    void defaults_matchFortiWebIdleTimeout() {
        SessionPolicy policy = SessionPolicy.defaults();

        assertThat(policy.idleTimeout()).isEqualTo(Duration.ofSeconds(1200));
        assertThat(policy.maxLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(policy.renewInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void constructor_fractionalSeconds_areAccepted() {
        SessionPolicy policy = new SessionPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMillis(1500));

        assertThat(policy.renewInterval()).isEqualTo(Duration.ofMillis(1500));
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
            "PT20M | PT8H  | PT20M  | renewInterval: PT20M (expected: < idleTimeout PT20M)",
            "PT20M | PT20M | PT1M   | idleTimeout: PT20M (expected: < maxLifetime PT20M)",
            "PT20M | PT8H  | PT0S   | renewInterval: PT0S (expected: >= 1 s)",
            "PT20M | PT8H  | -PT1M  | renewInterval: PT-1M (expected: >= 1 s)",
            "PT20M | PT8H  | PT0.5S | renewInterval: PT0.5S (expected: >= 1 s)",
            "PT0S  | PT8H  | PT1M   | idleTimeout: PT0S (expected: >= 1 s)",
    })
    void constructor_inconsistentDurations_areRejected(Duration idle, Duration max, Duration renew, String message) {
        assertThatThrownBy(() -> new SessionPolicy(idle, max, renew))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
