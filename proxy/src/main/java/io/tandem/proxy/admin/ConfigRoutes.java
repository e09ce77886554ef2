package io.tandem.proxy.admin;

import io.tandem.config.ConfigProblem;
import java.util.List;

/** Validate a configuration text; reload the configuration file. */
final class ConfigRoutes {

    private final ConfigControl config;

    ConfigRoutes(ConfigControl config) {
        this.config = config;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/config/validate", this::validate),
                Route.post("/config/reload", r -> reload()));
    }

    record Valid(boolean valid) {
    }

    /** A problem as JSON: the fields and the ready-to-print line. */
    record Problem(int line, String path, String value, String expected, String message) {
        static Problem of(ConfigProblem p) {
            return new Problem(p.line(), p.path(), p.value(), p.expected(), p.toString());
        }
    }

    private Reply validate(AdminRequest request) throws Exception {
        String yaml = request.bodyText();
        List<ConfigProblem> problems = config.validate(yaml);
        if (problems.isEmpty()) {
            return Reply.ok(new Valid(true));
        }
        throw invalid("the configuration has " + count(problems) + "; nothing was applied", problems);
    }

    private Reply reload() {
        ConfigControl.ReloadResult result = config.reload();
        if (result instanceof ConfigControl.Reloaded reloaded) {
            return Reply.ok(reloaded);
        }
        ConfigControl.Rejected rejected = (ConfigControl.Rejected) result;
        throw invalid(rejected.source() + " has " + count(rejected.problems())
                + "; the running configuration is unchanged", rejected.problems());
    }

    private static ProblemException invalid(String detail, List<ConfigProblem> problems) {
        return ProblemException.unprocessable("config-invalid", detail)
                .with("valid", false)
                .with("problems", problems.stream().map(Problem::of).toList());
    }

    private static String count(List<ConfigProblem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems");
    }
}
