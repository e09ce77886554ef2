package io.tandem.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.HaConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The election as a table: (view, settings) → decision and its reason.
 *
 * <p>A view is the member list in group order, one member per word:
 * {@code id/priority[:active=E][:override][:witness][:started=T][:fp=F][:digest=D][:handover=ID]}.
 * Defaults: standby, no override, not a witness, started at 1000, fingerprint {@code k1}, digest
 * {@code c1}. Settings are {@code quorum/configured-members}.
 */
class ElectionTest {

    @ParameterizedTest(name = "[{index}] {0} ({1}) -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # priority, then uptime, then node id
            a/5 b/1                        | none/2     | Elected(b)    | b has the best priority (1; next 5)
            a/5 b/5:started=900            | none/2     | Elected(b)    | b has the longest uptime among priority 5
            b/5 a/5                        | none/2     | Elected(a)    | a has the first node id among priority 5 with equal uptime
            a/5                            | none/2     | Elected(a)    | a is the only member that can be active
            # override off: a healthy active member keeps the role
            a/5:active=1 b/1               | none/2     | Elected(a)    | a stays active (epoch 1): b has a better priority but no override
            a/5:active=2:override b/1      | none/2     | Elected(a)    | a stays active (epoch 2): b has a better priority but no override
            # override on: a strictly better priority takes over, through a hand-over
            a/5:active=1 b/1:override      | none/2     | HandOver(a>b) | b has a better priority (1 < 5) and override: a hands over
            a/5:active=1 b/5:override:started=1 | none/2 | Elected(a)   | a stays active (epoch 1)
            a/1:active=1 b/5:override      | none/2     | Elected(a)    | a stays active (epoch 1)
            # witnesses are never active, and their claims do not count
            w/0:witness a/5                | none/3     | Elected(a)    | a is the only member that can be active
            w/0:witness:active=9 a/5       | none/3     | Elected(a)    | a is the only member that can be active
            w/0:witness                    | none/3     | NoActive      | no member in view can be active (only witnesses or refused members)
            # refused members take no part
            a/5:active=1 b/1:fp=k2         | none/2     | Elected(a)    | a stays active (epoch 1)
            a/5 b/1:fp=k2                  | none/2     | Elected(a)    | a is the only member that can be active
            a/5 a/1                        | none/2     | Elected(a)    | a is the only member that can be active
            # quorum: a majority of the configured members (witness included) must be in view
            a/5                            | majority/3 | NoActive      | no quorum: 1 of 3 configured members in view, 2 needed
            a/5 w/0:witness                | majority/3 | Elected(a)    | a is the only member that can be active
            a/5 b/1 w/0:witness            | majority/3 | Elected(b)    | b has the best priority (1; next 5)
            a/5:active=1 b/1:fp=k2         | majority/3 | NoActive      | no quorum: 1 of 3 configured members in view, 2 needed
            a/5:active=1                   | majority/3 | NoActive      | no quorum: 1 of 3 configured members in view, 2 needed
            a/5 b/1                        | majority/4 | NoActive      | no quorum: 2 of 4 configured members in view, 3 needed
            a/5                            | none/3     | Elected(a)    | a is the only member that can be active
            # several active members (a healed split brain, a frozen member waking up): highest epoch, then rank
            a/1:active=3 b/5:active=4      | none/2     | Elected(b)    | b stays active: it has the highest epoch (4) of 2 active members
            a/5:active=2 b/1:active=2      | none/2     | Elected(b)    | b stays active: 2 active members at epoch 2, b ranks first
            a/5:active=2 b/1:active=2:override | none/2 | Elected(b)    | b stays active: 2 active members at epoch 2, b ranks first
            a/1:active=2 b/5:active=2:override:started=1 | none/2 | Elected(a) | a stays active: 2 active members at epoch 2, a ranks first
            # the second half of a planned switchover
            a/1:handover=b b/5             | none/2     | HandedOver(a>b) | a hands over to b
            a/1:handover=w b/5 w/0:witness | none/3     | Elected(a)    | a has the best priority (1; next 5)
            a/1:handover=c b/5             | none/2     | Elected(a)    | a has the best priority (1; next 5)
            a/1:handover=b b/5 c/3:active=5 | none/3    | Elected(c)    | c stays active (epoch 5): a has a better priority but no override
            """)
    void decide(String view, String settings, String decision, String reason) {
        Election.Decision d = Election.decide(members(view), settings(settings)).decision();

        assertThat(shown(d)).as("decision for %s", view).isEqualTo(decision);
        assertThat(d.reason()).as("reason for %s", view).isEqualTo(reason);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a newcomer with another key ring is refused, the holder of the active role never is
            a/5:active=1 b/1:fp=k2      | 1: key-ring fingerprint k2 differs from the pair's k1 (held by a); both members need the same session key ring
            a/5:fp=k1 b/5:fp=k2:active=1 | 0: key-ring fingerprint k1 differs from the pair's k2 (held by b); both members need the same session key ring
            a/5 b/5:fp=k2               | 1: key-ring fingerprint k2 differs from the pair's k1 (held by a); both members need the same session key ring
            a/5 b/5:fp=                 | 1: key-ring fingerprint (none) differs from the pair's k1 (held by a); both members need the same session key ring
            a/5 a/1                     | 1: node id a is already used by an older member of the group
            # a witness is not compared: it never signs nor verifies a cookie, and takes no part in rotations
            a/5 w/0:witness:fp=         | ''
            w/0:witness:fp=k2 a/5 b/5   | ''
            # rings that name their keys: compatible while each accepts the key the other signs with
            a/5:active=1:fp=R1;k1 b/5:fp=R2;k1,k2       | ''
            a/5:active=1:fp=R2;k1,k2 b/5:fp=R1;k1       | ''
            a/5:active=1:fp=R3;k2,k1 b/5:fp=R2;k1,k2    | ''
            a/5:active=1:fp=R2;k1,k2 b/5:fp=R3;k2,k1    | ''
            a/5:active=1:fp=R4;k2 b/5:fp=R3;k2,k1       | ''
            a/5:active=1:fp=R3;k2,k1 b/5:fp=R1;k1       | 1: key-ring fingerprint R1 differs from the pair's R3 (held by a) and a signs with key k2, which b's ring lacks; both members need the same session key ring
            a/5:active=1:fp=R1;k1 b/5:fp=R3;k2,k1       | 1: key-ring fingerprint R3 differs from the pair's R1 (held by a) and b signs with key k2, which a's ring lacks; both members need the same session key ring
            a/5:active=1:fp=R1;k1 b/5:fp=X1;x1          | 1: key-ring fingerprint X1 differs from the pair's R1 (held by a) and b signs with key x1, which a's ring lacks, and a signs with key k1, which b's ring lacks; both members need the same session key ring
            a/5:active=1:fp=R4;k2 b/5:fp=R1;k1,k0       | 1: key-ring fingerprint R1 differs from the pair's R4 (held by a) and b signs with key k1, which a's ring lacks, and a signs with key k2, which b's ring lacks; both members need the same session key ring
            # a member that names no keys is compared by fingerprint
            a/5:active=1:fp=R1;k1 b/5:fp=R1             | ''
            a/5:active=1:fp=R1;k1 b/5:fp=R2             | 1: key-ring fingerprint R2 differs from the pair's R1 (held by a); both members need the same session key ring
            a/5 b/5                     | ''
            """)
    void refusals(String view, String expected) {
        List<String> refused = Election.decide(members(view), settings("none/3")).refused().stream()
                .map(r -> r.index() + ": " + r.reason()).toList();

        assertThat(refused).as("refused in %s", view)
                .containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a/5:digest=c1 b/5:digest=c2 | config digest of b (c2) differs from a's (c1): the members are configured differently
            a/5:digest=c1 b/5:digest=   | ''
            a/5 b/5                     | ''
            """)
    void configDigestDifference_isAWarningNotARefusal(String view, String expected) {
        Election.Outcome outcome = Election.decide(members(view), settings("none/2"));

        assertThat(outcome.refused()).isEmpty();
        assertThat(outcome.warnings()).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected));
    }

    // ---- the table language

    private static Election.Settings settings(String text) {
        String[] parts = text.split("/");
        return new Election.Settings(HaConfig.Quorum.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)),
                Integer.parseInt(parts[1]));
    }

    private static List<Election.MemberState> members(String view) {
        List<Election.MemberState> states = new ArrayList<>();
        for (String word : view.trim().split("\\s+")) {
            String[] parts = word.split(":", -1);
            String[] head = parts[0].split("/");
            Role role = Role.STANDBY;
            long epoch = 0;
            boolean override = false;
            boolean witness = false;
            long started = 1000;
            String fp = "k1";
            String digest = "c1";
            Optional<String> handOver = Optional.empty();
            for (String modifier : Arrays.asList(parts).subList(1, parts.length)) {
                String[] kv = modifier.split("=", -1);
                switch (kv[0]) {
                    case "active" -> {
                        role = Role.ACTIVE;
                        epoch = Long.parseLong(kv[1]);
                    }
                    case "override" -> override = true;
                    case "witness" -> witness = true;
                    case "started" -> started = Long.parseLong(kv[1]);
                    case "fp" -> fp = kv[1];
                    case "digest" -> digest = kv[1];
                    case "handover" -> handOver = Optional.of(kv[1]);
                    default -> throw new IllegalArgumentException("unknown modifier " + modifier + " in " + view);
                }
            }
            NodeIdentity identity = new NodeIdentity(head[0], Integer.parseInt(head[1]), override, witness, digest, fp,
                    started);
            states.add(new Election.MemberState(identity, role, epoch, handOver));
        }
        return states;
    }

    private static String shown(Election.Decision d) {
        if (d instanceof Election.Decision.Elected e) {
            return "Elected(" + e.nodeId() + ")";
        }
        if (d instanceof Election.Decision.HandOver h) {
            return "HandOver(" + h.from() + ">" + h.to() + ")";
        }
        if (d instanceof Election.Decision.HandedOver h) {
            return "HandedOver(" + h.from() + ">" + h.to() + ")";
        }
        return "NoActive";
    }
}
