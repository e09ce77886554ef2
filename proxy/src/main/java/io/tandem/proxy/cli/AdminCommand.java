package io.tandem.proxy.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of an operator verb: resolve the members and the token, run, and turn every failure
 * into one line on stderr. Exit status: 0 done, 1 a member could not be reached or refused
 * (401, 403, 409, ...), 2 a usage mistake (a bad option, no token, no members). Never a stack trace.
 */
abstract class AdminCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Mixin
    AdminOptions options;

    @Spec
    CommandSpec spec;

    /** The environment the token is read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String problem = checkOptions();
            if (problem != null) {
                err.println(name() + ": " + problem);
                return USAGE;
            }
            return run(options.resolve(environment), out, err);
        } catch (AdminTargets.UsageException e) {
            err.println(name() + ": " + e.getMessage());
            return USAGE;
        } catch (AdminCallException | VerbFailure e) {
            err.println(name() + ": " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // A bug, not an operator mistake; still one line (the members' logs have the details).
            err.println(name() + ": unexpected error: " + e);
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code tandem keys rotate}: how messages name this verb. */
    final String name() {
        return spec.qualifiedName();
    }

    /** A problem with this verb's own options, or {@code null}; checked before any member is called. */
    String checkOptions() {
        return null;
    }

    /**
     * Runs the verb; failures of single calls may be reported on {@code err} and turned into exit
     * status 1, or thrown as {@link AdminCallException} or {@link VerbFailure}.
     */
    abstract int run(AdminTargets targets, PrintWriter out, PrintWriter err);
}
