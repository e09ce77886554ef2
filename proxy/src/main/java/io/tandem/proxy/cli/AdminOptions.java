package io.tandem.proxy.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every operator verb shares: which members, which token (see {@link AdminTargets}). */
public final class AdminOptions {

    @Option(names = "--admin", paramLabel = "URL", split = ",",
            description = "admin API of a member, e.g. http://127.0.0.1:9091 (repeatable; default: the demo pair's)")
    List<String> admin = new ArrayList<>();

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file whose first line is the admin token (default: $" + AdminTargets.TOKEN_ENV
                    + ", else the demo's admin.token)")
    Path tokenFile;

    @Option(names = "--demo-dir", paramLabel = "DIR", defaultValue = "${env:TANDEM_DEMO_DIR:-run/demo}",
            description = "where ./tandem demo keeps its members and admin.token files (default: ${DEFAULT-VALUE})")
    Path demoDir;

    AdminTargets resolve(Map<String, String> env) {
        return AdminTargets.resolve(admin, tokenFile, demoDir, env);
    }
}
