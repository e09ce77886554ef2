package io.tandem.proxy.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a pair member remembers about key rotations beyond the keys themselves, saved with the ring
 * (as comment lines of the key file, {@code # tandem-state: ...}, so ring and state are replaced
 * together in one atomic write) and read back at start. Never a secret: ids, node ids and times.
 *
 * @param staged      the rotation whose key is staged here (accepted, not signing), if any
 * @param lastCommit  the last rotation committed here, so that a member that missed it can be
 *                    brought up to date
 * @param retireAfter for older keys: from when retiring them logs nobody out
 * @param finished    ids of rotations that ended here (committed or aborted), oldest first, at
 *                    most {@value #MAX_FINISHED}: a stage for one of them, or for a rotation older
 *                    than the newest, is a replay and is refused
 */
record RotationState(Optional<Staged> staged, Optional<Committed> lastCommit, Map<String, Instant> retireAfter,
                     List<String> finished) {

    static final int MAX_FINISHED = 32;
    static final String PREFIX = "# tandem-state: ";
    /** {@code r<12 hex digits: epoch millis>-<8 hex digits: random>}: sorts by time as text. */
    static final Pattern ROTATION_ID = Pattern.compile("r[0-9a-f]{12}-[0-9a-f]{8}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /**
     * @param initiator the member that started it and alone may commit it
     * @param expiresAt when the initiator aborts it unless every member accepted it; {@code null} on the other members
     */
    record Staged(String rotationId, String keyId, String initiator, Instant since, Instant expiresAt) {
        Staged {
            Objects.requireNonNull(rotationId, "rotationId");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(initiator, "initiator");
            Objects.requireNonNull(since, "since");
        }
    }

    record Committed(String rotationId, String keyId, String previousKey, Instant at) {
        Committed {
            Objects.requireNonNull(rotationId, "rotationId");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(previousKey, "previousKey");
            Objects.requireNonNull(at, "at");
        }
    }

    RotationState {
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(lastCommit, "lastCommit");
        retireAfter = Map.copyOf(retireAfter);
        finished = List.copyOf(finished);
    }

    static RotationState empty() {
        return new RotationState(Optional.empty(), Optional.empty(), Map.of(), List.of());
    }

    RotationState withStaged(Optional<Staged> s) {
        return new RotationState(s, lastCommit, retireAfter, finished);
    }

    RotationState withLastCommit(Committed c) {
        return new RotationState(staged, Optional.of(c), retireAfter, finished);
    }

    RotationState withRetireAfter(Map<String, Instant> r) {
        return new RotationState(staged, lastCommit, r, finished);
    }

    /** With {@code rotationId} added to the finished ones (the oldest forgotten beyond {@value #MAX_FINISHED}). */
    RotationState finishing(String rotationId) {
        List<String> f = new ArrayList<>(finished);
        if (!f.contains(rotationId)) {
            f.add(rotationId);
        }
        f.sort(Comparator.naturalOrder());
        while (f.size() > MAX_FINISHED) {
            f.remove(0);
        }
        return new RotationState(staged, lastCommit, retireAfter, f);
    }

    /** Whether a rotation with this id ended here, or is older than one that did: a replay. */
    boolean isOutdated(String rotationId) {
        return finished.contains(rotationId) || newestFinished().filter(n -> rotationId.compareTo(n) <= 0).isPresent();
    }

    Optional<String> newestFinished() {
        return finished.isEmpty() ? Optional.empty() : Optional.of(finished.get(finished.size() - 1));
    }

    /** Keeps only what refers to keys of the ring (a hand-edited key file may have dropped some). */
    RotationState reconciledWith(Set<String> keyIds) {
        Map<String, Instant> r = new LinkedHashMap<>(retireAfter);
        r.keySet().retainAll(keyIds);
        return new RotationState(staged.filter(s -> keyIds.contains(s.keyId())),
                lastCommit.filter(c -> keyIds.contains(c.keyId())), r, finished);
    }

    /** The comment lines written after the ring's keys. */
    String toLines() {
        StringBuilder out = new StringBuilder();
        staged.ifPresent(s -> out.append(PREFIX).append("staged ").append(s.rotationId()).append(' ').append(s.keyId())
                .append(' ').append(s.initiator()).append(' ').append(s.since())
                .append(' ').append(s.expiresAt() == null ? "-" : s.expiresAt().toString()).append('\n'));
        lastCommit.ifPresent(c -> out.append(PREFIX).append("committed ").append(c.rotationId()).append(' ')
                .append(c.keyId()).append(' ').append(c.previousKey()).append(' ').append(c.at()).append('\n'));
        retireAfter.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.append(PREFIX)
                .append("retire-after ").append(e.getKey()).append(' ').append(e.getValue()).append('\n'));
        if (!finished.isEmpty()) {
            out.append(PREFIX).append("finished ").append(String.join(" ", finished)).append('\n');
        }
        return out.toString();
    }

    /**
     * Reads the state lines of a key file; other lines are ignored, and so is a state line that
     * does not parse (it is reported in {@code problems}, the rest is kept).
     */
    static RotationState parse(String fileText, List<String> problems) {
        Optional<Staged> staged = Optional.empty();
        Optional<Committed> commit = Optional.empty();
        Map<String, Instant> retire = new LinkedHashMap<>();
        List<String> finished = new ArrayList<>();
        List<String> lines = fileText.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            String[] f = line.substring(PREFIX.length()).trim().split(" +");
            try {
                switch (f[0]) {
                    case "staged" -> {
                        check(f.length == 6 && ROTATION_ID.matcher(f[1]).matches() && token(f[2]) && token(f[3]));
                        staged = Optional.of(new Staged(f[1], f[2], f[3], Instant.parse(f[4]),
                                f[5].equals("-") ? null : Instant.parse(f[5])));
                    }
                    case "committed" -> {
                        check(f.length == 5 && ROTATION_ID.matcher(f[1]).matches() && token(f[2]) && token(f[3]));
                        commit = Optional.of(new Committed(f[1], f[2], f[3], Instant.parse(f[4])));
                    }
                    case "retire-after" -> {
                        check(f.length == 3 && token(f[1]));
                        retire.put(f[1], Instant.parse(f[2]));
                    }
                    case "finished" -> {
                        for (int j = 1; j < f.length; j++) {
                            check(ROTATION_ID.matcher(f[j]).matches());
                            finished.add(f[j]);
                        }
                    }
                    default -> check(false);
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                problems.add("line " + (i + 1) + ": not a rotation state line (ignored)");
            }
        }
        RotationState state = new RotationState(staged, commit, retire, List.of());
        for (String id : finished) {
            state = state.finishing(id);
        }
        return state;
    }

    private static boolean token(String s) {
        return TOKEN.matcher(s).matches();
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("malformed");
        }
    }
}
