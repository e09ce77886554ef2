package io.tandem.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandaloneElectorTest {

    @Test
    void start_reportsActiveAtEpochOne_beforeReturning() {
        List<RoleChange> changes = new ArrayList<>();
        try (StandaloneElector elector = new StandaloneElector()) {
            elector.start(changes::add);

            assertThat(changes).containsExactly(new RoleChange(Role.ACTIVE, 1, "standalone member (no HA peer configured)"));
            assertThat(elector.role()).isEqualTo(Role.ACTIVE);
            assertThat(elector.epoch()).isEqualTo(1);
            assertThat(elector.members()).isEmpty();
            assertThat(elector.refusedMembers()).isEmpty();
            assertThat(elector.requestSwitchover()).isFalse();
            assertThatThrownBy(() -> elector.start(changes::add)).isInstanceOf(IllegalStateException.class);
        }
    }
}
