package io.tandem.proxy.admin;

import io.tandem.config.ConfigProblem;
import java.util.List;

/**
 * Configuration checks and reloads for the admin API. See {@link FileConfigControl}. Thread-safe.
 */
public interface ConfigControl {

    /**
     * Validates a configuration text fully without applying anything.
     *
     * @return every problem, empty when the text is a valid configuration
     */
    List<ConfigProblem> validate(String yaml);

    /**
     * Reads the configuration file again, validates it fully and, only if it has no problem,
     * applies it atomically. On any problem the running configuration stays as it was.
     */
    ReloadResult reload();

    /** The outcome of {@link #reload()}. */
    sealed interface ReloadResult {
    }

    /**
     * @param digest         digest of the configuration now in use
     * @param previousDigest digest of the one before
     * @param changed        false when the file held the same configuration
     */
    record Reloaded(String source, String digest, String previousDigest, boolean changed) implements ReloadResult {
    }

    /** Nothing was applied; {@code problems} lists every reason. */
    record Rejected(String source, List<ConfigProblem> problems) implements ReloadResult {
        public Rejected {
            problems = List.copyOf(problems);
        }
    }
}
