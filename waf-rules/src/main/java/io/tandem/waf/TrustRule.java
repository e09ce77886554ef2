package io.tandem.waf;

/**
 * A rule that can exempt a request from all later rules: a trusted IP network, a URL access rule
 * with action "allow". {@link RuleEngine} asks {@link #trusts} before {@link #evaluate}; when it
 * answers true, evaluation stops and the request passes.
 */
public interface TrustRule extends Rule {

    boolean trusts(RequestView request);

    @Override
    default Verdict evaluate(RequestView request) {
        return Verdict.PASS;
    }
}
