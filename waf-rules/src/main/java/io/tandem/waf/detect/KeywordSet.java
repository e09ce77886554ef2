package io.tandem.waf.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Queue;

/**
 * Finds any of a fixed set of ASCII keywords in one pass, case-insensitively, optionally only
 * where a keyword is a whole word. Built once when rules load as an Aho-Corasick automaton
 * compiled to a dense transition table over the keywords' alphabet; {@link #find} is pure,
 * thread-safe, allocation-free until a hit, and linear in the text plus the matches reported.
 */
public final class KeywordSet {

    /** A keyword occurrence. */
    public record Hit(String keyword, int start, int end) {
    }

    private final boolean wholeWords;
    private final int size;
    /** The length of the longest keyword. */
    private final int longest;
    /** ASCII char (lower-cased) to symbol class; 0 for characters that occur in no keyword. */
    private final byte[] classOf = new byte[128];
    private final int classes;
    /**
     * The transition table, one row of {@code classes} entries per state, {@link #stride} apart.
     * An entry is where the next state's row starts: its slot, plus one if that state ends a
     * keyword, in which case the row itself is stored one slot further on. So the scan loop steps
     * with one addition and one load ({@code next[entry + class]}), and the low bit says whether a
     * keyword ended, without a second table.
     */
    private final int[] next;
    /** Slots per row: {@code classes} plus the slot a keyword-ending row is shifted by, rounded up to even. */
    private final int stride;
    /** {@code ceil(2^32 / stride)}, for {@link #state}. */
    private final long reciprocal;
    /** Keywords that end in a state (own output and those of its suffixes), or null. */
    private final String[][] outputs;
    /** For {@link #tagged} sets: the OR of the tags of the keywords that end in a state, else null. */
    private final long[] stateTags;

    private KeywordSet(Collection<String> keywords, boolean wholeWords) {
        this(keywords, wholeWords, null);
    }

    private KeywordSet(Collection<String> keywords, boolean wholeWords, java.util.Map<String, Long> tags) {
        this.wholeWords = wholeWords;
        List<String> keys = new ArrayList<>();
        for (String k : keywords) {
            String key = k.toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("keyword: \"\" (expected: non-empty)");
            }
            for (int i = 0; i < key.length(); i++) {
                if (key.charAt(i) >= 128) {
                    throw new IllegalArgumentException("keyword: " + k + " (expected: ASCII only)");
                }
            }
            keys.add(key);
        }
        this.size = keys.size();
        this.longest = keys.stream().mapToInt(String::length).max().orElse(1);
        int nextClass = 1;
        for (String key : keys) {
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (classOf[c] == 0) {
                    classOf[c] = (byte) nextClass++;
                }
            }
        }
        this.classes = nextClass;
        for (char c = 'A'; c <= 'Z'; c++) {
            classOf[c] = classOf[c + 32];
        }
        // trie
        List<int[]> gotoRows = new ArrayList<>();
        List<String> own = new ArrayList<>();
        gotoRows.add(newRow());
        own.add(null);
        for (String key : keys) {
            int state = 0;
            for (int i = 0; i < key.length(); i++) {
                int cls = classOf[key.charAt(i)];
                int next = gotoRows.get(state)[cls];
                if (next <= 0) {
                    next = gotoRows.size();
                    gotoRows.add(newRow());
                    own.add(null);
                    gotoRows.get(state)[cls] = next;
                }
                state = next;
            }
            own.set(state, key);
        }
        int states = gotoRows.size();
        if (states > Character.MAX_VALUE) {
            throw new IllegalArgumentException("keywords: " + keys.size() + " (expected: fewer, the automaton has too many states)");
        }
        int[] fail = new int[states];
        char[] delta = new char[states * classes];
        List<List<String>> out = new ArrayList<>();
        for (int s = 0; s < states; s++) {
            out.add(new ArrayList<>());
        }
        Queue<Integer> queue = new ArrayDeque<>();
        for (int cls = 0; cls < classes; cls++) {
            int next = gotoRows.get(0)[cls];
            if (next > 0) {
                fail[next] = 0;
                delta[cls] = (char) next;
                queue.add(next);
            } else {
                delta[cls] = 0;
            }
        }
        if (own.get(0) != null) {
            out.get(0).add(own.get(0));
        }
        while (!queue.isEmpty()) {
            int s = queue.remove();
            if (own.get(s) != null) {
                out.get(s).add(own.get(s));
            }
            out.get(s).addAll(out.get(fail[s]));
            for (int cls = 0; cls < classes; cls++) {
                int next = gotoRows.get(s)[cls];
                if (next > 0) {
                    fail[next] = delta[fail[s] * classes + cls];
                    delta[s * classes + cls] = (char) next;
                    queue.add(next);
                } else {
                    delta[s * classes + cls] = delta[fail[s] * classes + cls];
                }
            }
        }
        this.outputs = new String[states][];
        for (int s = 0; s < states; s++) {
            if (!out.get(s).isEmpty()) {
                outputs[s] = out.get(s).toArray(new String[0]);
            }
        }
        if (tags == null) {
            this.stateTags = null;
        } else {
            this.stateTags = new long[states];
            for (int st = 0; st < states; st++) {
                for (String k : outputs[st] == null ? new String[0] : outputs[st]) {
                    stateTags[st] |= tags.get(k);
                }
            }
        }
        this.stride = (classes + 2) & ~1;
        this.reciprocal = ((1L << 32) + stride - 1) / stride;
        for (int st = 0; st < states; st++) {
            if (state(st * stride) != st || state(st * stride + 1) != st) {
                throw new IllegalStateException("state " + st + " of " + states + " with " + classes + " classes");
            }
        }
        this.next = new int[states * stride];
        for (int st = 0; st < states; st++) {
            int row = entryOf(st);
            for (int cls = 0; cls < classes; cls++) {
                next[row + cls] = entryOf(delta[st * classes + cls]);
            }
        }
    }

    /** The table entry of a state: where its row starts, odd when it ends a keyword. */
    private int entryOf(int state) {
        return state * stride + (outputs[state] != null ? 1 : 0);
    }

    private int[] newRow() {
        return new int[classes];
    }

    /** Matches keywords anywhere. */
    public static KeywordSet of(Collection<String> keywords) {
        return new KeywordSet(keywords, false);
    }

    /** Matches keywords only where they are not part of a longer word (letters, digits, underscore). */
    public static KeywordSet words(Collection<String> keywords) {
        return new KeywordSet(keywords, true);
    }

    /**
     * A set whose keywords carry tags (bits), for {@link #tags(String)}: one pass telling which
     * groups of keywords occur anywhere in a text (as substrings, case-insensitively).
     */
    public static KeywordSet tagged(java.util.Map<String, Long> keywordTags) {
        java.util.Map<String, Long> lower = new java.util.HashMap<>();
        keywordTags.forEach((k, t) -> lower.merge(k.toLowerCase(Locale.ROOT), t, (a, b) -> a | b));
        return new KeywordSet(lower.keySet(), false, lower);
    }

    /** The OR of the tags of every keyword occurring in {@code text}; only for {@link #tagged} sets. */
    public long tags(String text) {
        if (stateTags == null) {
            throw new IllegalStateException("not a tagged keyword set");
        }
        int n = text.length();
        int mid = n / 2;
        int second = mid - (longest - 1);
        if (n < TWO_WALKS_FROM || second < 0) {
            return tags(text, 0, n);
        }
        // Each step waits for the table load of the one before, so one walk leaves the core idle
        // most of the time. Two walks interleave and take barely longer than one: the first over
        // [0, mid), the second over [mid - longest + 1, n), so that a keyword ending after the
        // middle starts inside the second walk's text. Tags are an OR, so a keyword found by both
        // walks changes nothing.
        int steps = n - second; // the second walk is the longer one
        long found = 0;
        int a = 0;
        int b = 0;
        for (int i = 0; i < steps; i++) {
            if (i < mid) {
                a = step(a, text.charAt(i));
                found |= tagsAt(a);
            }
            b = step(b, text.charAt(second + i));
            found |= tagsAt(b);
        }
        return found;
    }

    /**
     * {@link #tags(String)} of text its caller knows to be ASCII, in any case: keywords match
     * regardless of case ({@code A..Z} share the classes of {@code a..z}), so the text need not be
     * lower-cased first. Longer text is walked as four interleaved quarters (one walk waits on
     * each table load; four keep the core busy) over a copy of its bytes: a byte needs neither
     * the string's per-character checks nor the test for characters beyond the table.
     */
    public long tagsAscii(String text) {
        if (stateTags == null) {
            throw new IllegalStateException("not a tagged keyword set");
        }
        int n = text.length();
        if (n < TWO_WALKS_FROM) {
            return tags(text, 0, n); // short text: one walk over the characters costs less than the copy
        }
        if (n > io.tandem.waf.transform.AsciiScratch.MAX) {
            return tags(text); // not in practice: a value is inspected as at most MAX_INSPECT characters
        }
        byte[] bytes = io.tandem.waf.transform.AsciiScratch.bytesOf(text);
        int quarter = n / 4;
        int overlap = longest - 1;
        if (quarter < overlap) {
            return tagsAscii(bytes, 0, n, 0);
        }
        // four walks, as the two of tags(String): walk k over [k * quarter - overlap, (k + 1) * quarter),
        // the last one on to the end on its own
        long found = 0;
        int a = 0;
        int b = 0;
        int c = 0;
        int d = 0;
        int sb = quarter - overlap;
        int sc = 2 * quarter - overlap;
        int sd = 3 * quarter - overlap;
        for (int i = 0; i < overlap; i++) {
            b = step(b, bytes[sb + i]);
            c = step(c, bytes[sc + i]);
            d = step(d, bytes[sd + i]);
            found |= tagsAt(b) | tagsAt(c) | tagsAt(d);
        }
        for (int i = 0; i < quarter; i++) {
            a = step(a, bytes[i]);
            b = step(b, bytes[quarter + i]);
            c = step(c, bytes[2 * quarter + i]);
            d = step(d, bytes[3 * quarter + i]);
            found |= tagsAt(a) | tagsAt(b) | tagsAt(c) | tagsAt(d);
        }
        return tagsAscii(bytes, 4 * quarter, n, d) | found;
    }

    /** One walk over {@code bytes[from, to)} (ASCII), from table entry {@code entry}. */
    private long tagsAscii(byte[] bytes, int from, int to, int entry) {
        long found = 0;
        for (int i = from; i < to; i++) {
            entry = step(entry, bytes[i]);
            found |= tagsAt(entry);
        }
        return found;
    }

    /** Values shorter than this are walked once (two walks only pay off on longer text). */
    static final int TWO_WALKS_FROM = 256;

    /** {@link #tags(String)} of {@code text[from, to)} in one walk. */
    long tags(String text, int from, int to) {
        long found = 0;
        int entry = 0;
        for (int i = from; i < to; i++) {
            entry = step(entry, text.charAt(i));
            found |= tagsAt(entry);
        }
        return found;
    }

    public int size() {
        return size;
    }

    /** The first keyword occurrence (by end position), or {@code null}. */
    public Hit find(String text) {
        int entry = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            entry = step(entry, text.charAt(i));
            if ((entry & 1) != 0) {
                for (String k : outputs[state(entry)]) {
                    int start = i + 1 - k.length();
                    if (!wholeWords || (boundary(text, start - 1) && boundary(text, i + 1))) {
                        return new Hit(k, start, i + 1);
                    }
                }
            }
        }
        return null;
    }

    /** Up to {@code max} occurrences, in order of their end position. */
    public List<Hit> findAll(String text, int max) {
        List<Hit> hits = new ArrayList<>();
        int entry = 0;
        for (int i = 0; i < text.length() && hits.size() < max; i++) {
            entry = step(entry, text.charAt(i));
            if ((entry & 1) != 0) {
                for (String k : outputs[state(entry)]) {
                    int start = i + 1 - k.length();
                    if (hits.size() < max && (!wholeWords || (boundary(text, start - 1) && boundary(text, i + 1)))) {
                        hits.add(new Hit(k, start, i + 1));
                    }
                }
            }
        }
        return hits;
    }

    /** The tags of the keywords that end at a table entry, or 0 where none does. */
    private long tagsAt(int entry) {
        return (entry & 1) != 0 ? stateTags[state(entry)] : 0;
    }

    /** The table entry after reading {@code c} in the state of {@code entry}. */
    private int step(int entry, char c) {
        return next[entry + (c < 128 ? classOf[c] : 0)];
    }

    /** As {@link #step(int, char)} for an ASCII byte (masked to seven bits, so any byte is a valid index). */
    private int step(int entry, byte b) {
        return next[entry + classOf[b & 0x7f]];
    }

    /**
     * The state number of a table entry (for its outputs): the entry divided by {@link #stride},
     * as a multiplication by the reciprocal, because a division on every keyword end costs more
     * than the step itself. Exact for every entry (checked when the table is built).
     */
    private int state(int entry) {
        return (int) ((entry * reciprocal) >>> 32);
    }

    private static boolean boundary(String text, int at) {
        if (at < 0 || at >= text.length()) {
            return true;
        }
        char c = text.charAt(at);
        return !(Character.isLetterOrDigit(c) || c == '_');
    }
}
