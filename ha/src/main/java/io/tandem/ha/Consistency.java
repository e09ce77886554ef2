package io.tandem.ha;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which members of a view may take part in the election: what must be equal in a pair is
 * compared against one reference member that every member of the view picks alike, so both
 * sides of a mismatch agree on who is refused. Pure.
 *
 * <p>The reference is the member holding the active role (highest epoch, as in
 * {@link Election}), else the oldest non-witness member. That keeps a healthy active member in
 * place when a mismatched member joins: the newcomer is refused, not the incumbent.
 *
 * <ul>
 *   <li>A node id already used by an earlier (older) member: refused.</li>
 *   <li>A key ring that is not compatible with the reference's ({@link KeyRingDigest#conflictWith}):
 *       refused. Compatible means that each member accepts the key the other signs with, so
 *       cookies issued by either one are valid on both; a pair-wide key rotation passes through
 *       states where the fingerprints differ for a moment but the rings stay compatible (a key
 *       staged on one member only, the new key signing on one member a moment earlier, an old
 *       key retired on one member first), and those are tolerated. A ring that lacks the key the
 *       other member signs with would reject every cookie that member issued, so letting it take
 *       over would log every shopper out. Members that publish no key fingerprints are compared
 *       by ring fingerprint. A witness is not compared at all: it never signs nor verifies a
 *       cookie, and it does not take part in rotations.</li>
 *   <li>A configuration digest different from the reference's: a warning only; members may
 *       legitimately differ for a while during a rolling change. Empty digests are not compared.</li>
 * </ul>
 */
final class Consistency {

    private Consistency() {
    }

    /** @param index position in the member list given to {@link #check} */
    record Refusal(int index, String reason) {
    }

    record Result(List<Refusal> refused, List<String> warnings) {
    }

    static Result check(List<Election.MemberState> members) {
        List<Refusal> refused = new ArrayList<>();
        Set<Integer> refusedIndexes = new HashSet<>();
        Set<String> seenIds = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            String id = members.get(i).nodeId();
            if (!seenIds.add(id)) {
                refused.add(new Refusal(i, "node id " + id + " is already used by an older member of the group"));
                refusedIndexes.add(i);
            }
        }
        Optional<NodeIdentity> reference = reference(members, refusedIndexes);
        List<String> warnings = new ArrayList<>();
        if (reference.isEmpty()) {
            return new Result(refused, warnings);
        }
        NodeIdentity ref = reference.get();
        for (int i = 0; i < members.size(); i++) {
            NodeIdentity m = members.get(i).identity();
            if (refusedIndexes.contains(i) || m.equals(ref)) {
                continue;
            }
            Optional<String> conflict = m.witness() ? Optional.empty() : keyRingConflict(m, ref);
            if (conflict.isPresent()) {
                refused.add(new Refusal(i, conflict.get()));
                continue;
            }
            if (!m.configDigest().isEmpty() && !ref.configDigest().isEmpty()
                    && !m.configDigest().equals(ref.configDigest())) {
                warnings.add("config digest of " + m.nodeId() + " (" + m.configDigest() + ") differs from "
                        + ref.nodeId() + "'s (" + ref.configDigest() + "): the members are configured differently");
            }
        }
        refused.sort(Comparator.comparingInt(Refusal::index));
        return new Result(refused, warnings);
    }

    private static Optional<NodeIdentity> reference(List<Election.MemberState> members, Set<Integer> refused) {
        Optional<NodeIdentity> oldest = Optional.empty();
        Election.MemberState holder = null;
        for (int i = 0; i < members.size(); i++) {
            Election.MemberState m = members.get(i);
            if (refused.contains(i) || m.identity().witness()) {
                continue;
            }
            if (oldest.isEmpty()) {
                oldest = Optional.of(m.identity());
            }
            if (m.role() == Role.ACTIVE && (holder == null || m.epoch() > holder.epoch()
                    || (m.epoch() == holder.epoch() && Election.RANK.compare(m.identity(), holder.identity()) < 0))) {
                holder = m;
            }
        }
        return holder != null ? Optional.of(holder.identity()) : oldest;
    }

    private static Optional<String> keyRingConflict(NodeIdentity m, NodeIdentity ref) {
        KeyRingDigest mine = KeyRingDigest.parse(m.keyRingFingerprint());
        KeyRingDigest pairs = KeyRingDigest.parse(ref.keyRingFingerprint());
        return mine.conflictWith(pairs, m.nodeId(), ref.nodeId()).map(why -> "key-ring fingerprint "
                + shown(mine.fingerprint()) + " differs from the pair's " + shown(pairs.fingerprint()) + " (held by "
                + ref.nodeId() + ")" + (mine.keys().isEmpty() || pairs.keys().isEmpty() ? "" : " and " + why)
                + "; both members need the same session key ring");
    }

    private static String shown(String fingerprint) {
        return fingerprint.isEmpty() ? "(none)" : fingerprint;
    }
}
