package io.tandem.demo;

import io.tandem.farm.MagentoFarm;
import io.tandem.farm.MagentoInstance;
import io.tandem.proxy.cli.AdminTargets;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** What the interactive demo prints once the pair is ready: where everything is, and what to try. */
final class DemoBanner {

    private DemoBanner() {
    }

    static String of(DemoOptions options, DemoPair pair, MagentoFarm farm) {
        Path tokenFile = options.dir().resolve(AdminTargets.TOKEN_FILE);
        String demoDir = sameAsCliDefault(options.dir()) ? "" : " --demo-dir " + options.dir();
        StringBuilder text = new StringBuilder();
        text.append("\nTandem demo is running: an HA pair in front of a three-instance shop, on loopback.\n\n");
        line(text, "Shop through the pair", pair.shopUrl().toString());
        line(text, "Login", "any e-mail, password " + MagentoInstance.CUSTOMER_PASSWORD);
        MemberProcess active = null;
        for (DemoPair.MemberView view : pair.views()) {
            MemberProcess m = view.member();
            if (view.role().equals("active")) {
                active = m;
            }
            line(text, "Member " + m.node(), view.role() + " at epoch " + view.epoch() + ", pid " + m.pid()
                    + ", admin API " + m.adminUrl() + "/api/v1");
        }
        line(text, "Admin token", pair.token() + "  (shown once; kept in " + tokenFile + ", mode 600)");
        line(text, "Configurations", pair.members().stream().map(m -> m.config().toString())
                .collect(Collectors.joining(", ")));
        line(text, "Member logs", pair.members().stream().map(m -> m.log().toString()).collect(Collectors.joining(", ")));
        line(text, "Key ring", pair.keyFile() + " (fingerprint " + pair.keyRing().fingerprint() + ", kept across runs)");
        line(text, "Shop instances", farm.instances().stream().map(i -> i.name() + " " + i.baseUrl())
                .collect(Collectors.joining(", ")));

        text.append("\nTry a failover (log in and fill a cart first; it survives):\n");
        suggest(text, "./tandem status" + demoDir, "role and epoch of both members");
        if (active != null) {
            MemberProcess standby = pair.peerOf(active);
            suggest(text, "./tandem failover" + demoDir, "planned: " + active.node() + " drains and hands over to "
                    + standby.node() + "; no request fails");
            suggest(text, "kill -9 " + active.pid(), "a crash of " + active.node() + ": " + standby.node()
                    + " takes over within about a second");
        }
        suggest(text, "./tandem sessions" + demoDir, "each member's sessions; after a failover yours are 'adopted'");
        suggest(text, "./tandem demo --failover", "the unattended show (stop this demo first)");
        text.append("  curl -s -H \"Authorization: Bearer $(cat ").append(tokenFile).append(")\" ")
                .append(pair.members().get(0).adminUrl()).append("/api/v1/status\n");
        text.append("\nRole changes are printed below. Ctrl-C stops both members and the shop. If this process is\n")
                .append("killed with kill -9 the members keep running; the next ./tandem demo stops them.\n");
        return text.toString();
    }

    /** Whether the operator verbs find this demo without {@code --demo-dir} (the script sets TANDEM_DEMO_DIR). */
    static boolean sameAsCliDefault(Path dir) {
        String env = System.getenv("TANDEM_DEMO_DIR");
        Path cliDefault = Path.of(env != null ? env : "run/demo");
        return cliDefault.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize());
    }

    private static void suggest(StringBuilder text, String command, String what) {
        text.append("  ").append(command).append(" ".repeat(Math.max(2, 28 - command.length()))).append(what)
                .append('\n');
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append("  ").append(label).append(':').append(" ".repeat(Math.max(1, 24 - label.length())))
                .append(value).append('\n');
    }
}
