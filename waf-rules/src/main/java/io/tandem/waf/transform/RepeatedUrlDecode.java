package io.tandem.waf.transform;

/**
 * Percent-decodes repeatedly, at most {@code maxRounds} times, stopping as soon as a round changes
 * nothing: {@code %252e} becomes {@code .} in two rounds. {@code +} is kept (a literal plus has
 * usually survived the first, protocol-level decoding on purpose). Output never longer than input.
 */
public final class RepeatedUrlDecode implements Transform {

    private final int maxRounds;

    public RepeatedUrlDecode(int maxRounds) {
        if (maxRounds < 1 || maxRounds > 8) {
            throw new IllegalArgumentException("maxRounds: " + maxRounds + " (expected: 1..8)");
        }
        this.maxRounds = maxRounds;
    }

    @Override
    public String apply(String input) {
        String current = input;
        for (int round = 0; round < maxRounds; round++) {
            if (current.indexOf('%') < 0) {
                return current;
            }
            String next = UrlDecode.decode(current, false, DecodeListener.IGNORE);
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return "url-decode(x" + maxRounds + ")";
    }
}
