package io.tandem.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The route label comes from a fixed set whatever the path: root, an allowlisted first segment,
 * or other. Fails if a raw path, a prefix of a segment or a hostile path becomes a label.
 */
class RouteLabelsTest {

    private final RouteLabels labels = new RouteLabels(List.of("checkout", "static"));

    private String label(String path) {
        return labels.label(labels.indexOf(path));
    }

    @Test
    void firstSegment_fromTheAllowlist_orOther() {
        assertThat(label("/")).isEqualTo("root");
        assertThat(label("")).isEqualTo("root");
        assertThat(label("/checkout")).isEqualTo("checkout");
        assertThat(label("/checkout/")).isEqualTo("checkout");
        assertThat(label("/checkout/cart/add")).isEqualTo("checkout");
        assertThat(label("/static/version123/frontend/x.js")).isEqualTo("static");
        assertThat(label("/checkoutx")).isEqualTo("other");
        assertThat(label("/check")).isEqualTo("other");
        assertThat(label("/CHECKOUT")).isEqualTo("other");
        assertThat(label("//checkout")).isEqualTo("other");
        assertThat(label("/" + "a".repeat(10_000))).isEqualTo("other");
        assertThat(labels.size()).isEqualTo(4);
    }

    @Test
    void allowlist_isBoundedAndPlain() {
        List<String> tooMany = IntStream.range(0, 33).mapToObj(i -> "s" + i).toList();
        assertThatThrownBy(() -> new RouteLabels(tooMany)).hasMessage("metrics routes: 33 entries (expected: at most 32)");
        assertThatThrownBy(() -> new RouteLabels(List.of("a/b"))).hasMessageStartingWith("metrics routes: 'a/b' (expected:");
        assertThatThrownBy(() -> new RouteLabels(List.of("other"))).hasMessageStartingWith("metrics routes: 'other'");
        assertThat(new RouteLabels(Collections.emptyList()).size()).isEqualTo(2);
    }
}
