package io.tandem.waf;

import io.tandem.waf.transform.CaseFold;
import io.tandem.waf.transform.HtmlEntityDecode;
import io.tandem.waf.transform.JsEscapeDecode;
import io.tandem.waf.transform.RepeatedUrlDecode;
import io.tandem.waf.transform.UnicodeFold;
import java.util.Objects;

/**
 * One value that signature rules inspect, with its decoded forms computed lazily and at most
 * once. Immutable in effect: the lazily computed strings are derived deterministically, so a
 * racy second computation is harmless (String publication is safe without locks).
 *
 * <p>Decoding is bounded: values longer than {@link #MAX_INSPECT} characters are inspected as
 * their head and tail (attacks padded with filler are caught at the end), and URL decoding stops
 * after three rounds.
 */
public final class Target {

    /** Longest value the detectors see, in characters (head and tail halves of longer values). */
    public static final int MAX_INSPECT = 16_384;

    private static final RepeatedUrlDecode URL = new RepeatedUrlDecode(3);

    private final Location location;
    private final String name;
    private final String value;
    private final String derivedFrom;
    private final int length;
    private String urlDecoded;
    private String decoded;
    private String lower;
    private String urlLower;
    private int features = -1;
    private int rawFeatures = -1;
    private io.tandem.waf.detect.KeywordSet tagsOf;
    private long tags;

    // Per-request scratch for the signature rules' memo of verdicts (VerdictMemo): which detectors
    // are known to pass on this value. Not part of the value; used only by the request's thread.
    // Fields here rather than in a separate object: the checks visit every target once each, and
    // one object fewer per target is one dependent load fewer per visit.
    private long memoPassed;
    private long memoLearned;
    private boolean memoLoaded;
    private int memoHash;
    private boolean memoHashed;

    public Target(Location location, String name, String value, String derivedFrom) {
        this(abbreviate(Objects.requireNonNull(value, "value")), location, name, derivedFrom);
    }

    /** A target of {@code inspected}, a value already as it is inspected ({@link #abbreviate}d). */
    private Target(String inspected, Location location, String name, String derivedFrom) {
        this.location = Objects.requireNonNull(location, "location");
        this.name = Objects.requireNonNull(name, "name");
        this.value = inspected;
        this.derivedFrom = Objects.requireNonNull(derivedFrom, "derivedFrom");
        this.length = this.value.length();
    }

    public static Target of(Param param) {
        // an argument the parser kept as head and tail is not cut (and copied) again
        return param.abbreviated() ? new Target(param.value(), param.location(), param.name(), "")
                : new Target(param.location(), param.name(), param.value(), "");
    }

    public Location location() {
        return location;
    }

    public String name() {
        return name;
    }

    /** The value as parsed (query and form values are percent-decoded once). */
    public String value() {
        return value;
    }

    /** Empty, or the decoding that produced this value from another target ({@code base64}). */
    public String derivedFrom() {
        return derivedFrom;
    }

    /** Percent-decoded until stable (at most three more rounds), Unicode look-alikes folded. */
    public String urlDecoded() {
        String s = urlDecoded;
        if (s == null) {
            s = value;
            // without a '%' or a non-ASCII character there is nothing to decode or fold: no scan, no copy
            int raw = rawFeatures();
            if ((raw & (Features.PERCENT | Features.NON_ASCII)) != 0) {
                if ((raw & Features.PERCENT) != 0) {
                    s = URL.apply(s);
                }
                s = UnicodeFold.INSTANCE.apply(s);
            }
            urlDecoded = s;
        }
        return s;
    }

    /**
     * {@link #urlDecoded()} plus HTML character references and JavaScript escapes, NUL bytes
     * removed: what a browser or script engine would make of the value.
     */
    public String decoded() {
        String s = decoded;
        if (s == null) {
            s = urlDecoded();
            if (s == value && (rawFeatures() & DECODABLE) == 0) {
                decoded = s; // nothing any decoding below could change (the common case)
                return s;
            }
            if (s.indexOf('&') >= 0) {
                s = HtmlEntityDecode.INSTANCE.apply(s);
            }
            if (s.indexOf('\\') >= 0) {
                s = JsEscapeDecode.INSTANCE.apply(s);
            }
            if (s.indexOf('%') >= 0) {
                s = URL.apply(s);
            }
            if (!s.equals(urlDecoded())) {
                s = UnicodeFold.INSTANCE.apply(s);
            }
            if (s.indexOf('\0') >= 0) {
                s = s.replace("\0", "");
            }
            if (s != urlDecoded && s.equals(urlDecoded)) {
                s = urlDecoded; // one instance, so the lower-case and feature forms are computed once
            }
            decoded = s;
        }
        return s;
    }

    /** {@link #decoded()} in lower case. */
    public String lower() {
        String s = lower;
        if (s == null) {
            String d = decoded();
            // the common case: nothing beyond percent-decoding, so both lower-case forms are one string
            s = d == urlDecoded && urlLower != null ? urlLower : lowerCase(d);
            lower = s;
        }
        return s;
    }

    /** {@link #urlDecoded()} in lower case. */
    public String urlLower() {
        String s = urlLower;
        if (s == null) {
            String u = urlDecoded();
            s = u == decoded && lower != null ? lower : lowerCase(u);
            urlLower = s;
        }
        return s;
    }

    /** {@code form} (one of this target's forms) lower-cased; one copy fewer when every form is ASCII. */
    private String lowerCase(String form) {
        return hasAny(Features.NON_ASCII) ? CaseFold.INSTANCE.apply(form) : CaseFold.INSTANCE.applyAscii(form);
    }

    /** The {@link Features} bits of the raw and decoded forms together. */
    public int features() {
        int f = features;
        if (f < 0) {
            String d = decoded();
            String u = urlDecoded();
            f = rawFeatures();
            if (d != value) {
                f |= Features.of(d);
            }
            if (u != d && u != value && !u.equals(d)) {
                f |= Features.of(u);
            }
            features = f;
        }
        return f;
    }

    /**
     * The characters {@link #decoded()} acts on beyond {@link #urlDecoded()}: entities ({@code &}),
     * escapes ({@code \\}), a second round of percent-decoding, NUL (a control character).
     */
    private static final int DECODABLE = Features.AMP | Features.BACKSLASH | Features.PERCENT | Features.CONTROL;

    /** The {@link Features} bits of {@link #value()} alone, computed once. */
    private int rawFeatures() {
        int f = rawFeatures;
        if (f < 0) {
            f = Features.of(value);
            rawFeatures = f;
        }
        return f;
    }

    /** Whether any of the {@link Features} bits is present. */
    public boolean hasAny(int featureBits) {
        return (features() & featureBits) != 0;
    }

    /**
     * {@link io.tandem.waf.detect.KeywordSet#tags} of {@link #lower()} for a tagged keyword set,
     * computed once (for the last set asked about). An ASCII value is walked as it is: the set
     * ignores the case of ASCII letters, and lower-casing ASCII changes nothing else.
     */
    public long keywordTags(io.tandem.waf.detect.KeywordSet tagged) {
        if (tagsOf != tagged) {
            tags = hasAny(Features.NON_ASCII) ? tagged.tags(lower()) : tagged.tagsAscii(decoded());
            tagsOf = tagged;
        }
        return tags;
    }

    /** The length of {@link #value()}, kept with the target (read for every target by every check). */
    public int length() {
        return length;
    }

    /** {@link io.tandem.waf.rules.VerdictMemo#keyHash} of this target, computed once (looked up, then stored). */
    public int memoHash() {
        if (!memoHashed) {
            memoHash = io.tandem.waf.rules.VerdictMemo.keyHash(this);
            memoHashed = true;
        }
        return memoHash;
    }

    /** Whether the memo's stored bits were looked up for this target (this request). */
    public boolean memoLoaded() {
        return memoLoaded;
    }

    /** Records the bits the memo had stored for this target. */
    public void memoLoaded(long storedBits) {
        memoPassed |= storedBits;
        memoLoaded = true;
    }

    /** The detector bits known to pass on this target: stored, or found this request. */
    public long memoPassed() {
        return memoPassed;
    }

    /** Records that the detector of {@code bit} found nothing in this target this request. */
    public void memoPass(long bit) {
        memoPassed |= bit;
        memoLearned |= bit;
    }

    /** The bits found this request and not yet stored. */
    public long memoLearned() {
        return memoLearned;
    }

    /** Marks the learned bits as stored. */
    public void memoStored() {
        memoLearned = 0;
    }

    /** A short label for logs: {@code query:id}, {@code header:user-agent}, {@code path}. */
    public String describe() {
        String base = name.isEmpty() ? location.label() : location.label() + ":" + name;
        return derivedFrom.isEmpty() ? base : base + "(" + derivedFrom + ")";
    }

    /**
     * What is inspected of a value: the value itself, or, when it is longer than {@link
     * #MAX_INSPECT}, its first and last {@link #HALF} characters, {@link #join joined}. Applying it
     * twice gives the same string.
     */
    public static String abbreviate(String s) {
        if (s.length() <= MAX_INSPECT) {
            return s;
        }
        return join(s.substring(0, HALF), s.substring(s.length() - HALF));
    }

    /** Characters kept from each end of a value longer than {@link #MAX_INSPECT}. */
    public static final int HALF = MAX_INSPECT / 2;

    /**
     * A long value's head and tail as they are inspected. Joined by a space: it ends a token for
     * every detector, and, unlike a line break, does not look like header injection or force a
     * line-by-line pass over both halves. None where a half already has one there: a double space
     * would make prose look uncompressed.
     */
    public static String join(String head, String tail) {
        return head.charAt(head.length() - 1) == ' ' || tail.charAt(0) == ' ' ? head + tail : head + " " + tail;
    }

    @Override
    public String toString() {
        return describe();
    }
}
