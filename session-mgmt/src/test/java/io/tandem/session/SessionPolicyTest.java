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

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
            "PT20M | PT8H  | PT20M | renewInterval: 1200 s (expected: < idleTimeout 1200 s)",
            "PT20M | PT20M | PT1M  | idleTimeout: 1200 s (expected: < maxLifetime 1200 s)",
            "PT20M | PT8H  | PT0S  | renewInterval: PT0S (expected: a positive number of whole seconds)",
            "PT20M | PT8H  | -PT1M | renewInterval: PT-1M (expected: a positive number of whole seconds)",
            "PT20M | PT8H  | PT0.5S | renewInterval: PT0.5S (expected: a positive number of whole seconds)",
            "PT0S  | PT8H  | PT1M  | idleTimeout: PT0S (expected: a positive number of whole seconds)",
    })
    void constructor_inconsistentDurations_areRejected(Duration idle, Duration max, Duration renew, String message) {
        assertThatThrownBy(() -> new SessionPolicy(idle, max, renew))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
