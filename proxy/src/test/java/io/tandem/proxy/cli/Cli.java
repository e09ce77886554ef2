package io.tandem.proxy.cli;

import io.tandem.proxy.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the {@code tandem} command line in this JVM, as {@code ./tandem} would, with its output
 * captured and the environment replaced (so a {@code TANDEM_ADMIN_TOKEN} of the machine running
 * the tests cannot leak in).
 */
final class Cli {

    /** What one command printed and returned. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        setEnvironment(commandLine, env);
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static void setEnvironment(CommandLine commandLine, Map<String, String> env) {
        if (commandLine.getCommand() instanceof AdminCommand verb) {
            verb.environment = env;
        }
        commandLine.getSubcommands().values().forEach(sub -> setEnvironment(sub, env));
    }
}
