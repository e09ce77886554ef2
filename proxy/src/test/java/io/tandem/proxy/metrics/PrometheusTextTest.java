package io.tandem.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test parser reads what the exposition format allows, so metric tests can trust it. */
class PrometheusTextTest {

    @Test
    void parsesNamesLabelsEscapesAndSpecialValues() {
        PrometheusText text = PrometheusText.parse("""
                # HELP tandem_requests_total Requests
                # TYPE tandem_requests_total counter
                tandem_requests_total{route="checkout",status_class="2xx"} 42.0
                tandem_up 1
                odd{v="a \\"quoted\\" \\\\ value\\nnext"} NaN 1700000000000
                bucket{le="+Inf"} +Inf
                """);
        assertThat(text.type("tandem_requests_total")).hasValue("counter");
        assertThat(text.value("tandem_requests_total", "route", "checkout")).hasValue(42.0);
        assertThat(text.value("tandem_up")).hasValue(1.0);
        assertThat(text.samples().get(2).labels().get("v")).isEqualTo("a \"quoted\" \\ value\nnext");
        assertThat(text.value("odd").orElseThrow()).isNaN();
        assertThat(text.value("bucket", "le", "+Inf")).hasValue(Double.POSITIVE_INFINITY);
        assertThat(text.valueOrZero("absent")).isZero();
    }

    @Test
    void rejectsLinesThatAreNotSamples() {
        assertThatThrownBy(() -> PrometheusText.parse("{route=\"x\"} 1")).hasMessageStartingWith("line 1: no metric name");
        assertThatThrownBy(() -> PrometheusText.parse("name")).hasMessageStartingWith("line 1: expected a value");
    }
}
