package io.tandem.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code tandem.yaml} into a {@link TandemConfig}, checking every value on the way so that
 * nothing needs checking again while requests run. See {@code docs/configuration.md} for the keys.
 *
 * <p><b>Failure:</b> either a complete, valid configuration is returned, or a
 * {@link ConfigException} lists every problem in the file, each with its line, key path, value
 * and expectation. Binding does not stop at the first problem. A file that cannot be read, is
 * empty or is not YAML gives exactly one problem.
 *
 * <p><b>Side effects:</b> none besides reading the given file. No host name is resolved and the
 * key ring is not read here (only where it lives is recorded), so loading is fast, offline and
 * can serve as a check-only mode. Stateless and thread-safe.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Reads and binds a UTF-8 file; problems name the file as {@code file.toString()}.
     *
     * @throws ConfigException with every problem found
     */
    public static TandemConfig load(Path file) throws ConfigException {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(source, List.of(
                    new ConfigProblem(source, 0, "(file)", unreadable(file, e), "a readable UTF-8 YAML file")));
        }
        return parse(text, source);
    }

    /**
     * Binds YAML text.
     *
     * @param sourceName how problems name the text, usually its file name
     * @throws ConfigException with every problem found
     */
    public static TandemConfig parse(String yamlText, String sourceName) throws ConfigException {
        Problems problems = new Problems(sourceName);
        Optional<TandemConfig> config = YamlReader.read(yamlText, problems)
                .flatMap(tree -> new Schema(new Binder(problems)).bind(tree));
        problems.throwIfAny();
        return config.orElseThrow(); // no problem reported implies a bound configuration
    }

    private static String unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "(no such file)";
        }
        if (e instanceof AccessDeniedException) {
            return "(permission denied)";
        }
        if (e instanceof MalformedInputException) {
            return "(not UTF-8 text)";
        }
        if (Files.isDirectory(file)) {
            return "(a directory)";
        }
        return "(cannot read: " + e.getClass().getSimpleName() + ")";
    }
}
