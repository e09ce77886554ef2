package io.tandem.proxy.admin;

import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.ConfigProblem;
import io.tandem.config.TandemConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConfigControl} over the member's configuration file.
 *
 * <p><b>Validate</b> binds the text with {@link ConfigLoader#parse} (source {@code request}) and
 * returns every problem; nothing is bound or applied.
 *
 * <p><b>Reload</b> reads the file, binds it, then refuses what a running member cannot change
 * (node id, service listener: those need a restart) and reports it with the other problems. Only
 * a configuration without any problem is handed to {@code apply}, which must take it all or
 * nothing (throwing {@link RuntimeException} to refuse it); then it becomes the current one. On
 * any problem the running configuration stays. Reloads are serialized.
 */
public final class FileConfigControl implements ConfigControl {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.admin");

    private final Path file;
    private final Consumer<TandemConfig> apply;
    private final AtomicReference<TandemConfig> current;

    /**
     * @param file    the configuration file the member was started with
     * @param initial the configuration it runs now
     * @param apply   swaps in a new configuration (all or nothing), e.g. a new rule engine
     */
    public FileConfigControl(Path file, TandemConfig initial, Consumer<TandemConfig> apply) {
        this.file = Objects.requireNonNull(file, "file");
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.apply = Objects.requireNonNull(apply, "apply");
    }

    /** The configuration in use. */
    public TandemConfig current() {
        return current.get();
    }

    /** {@link ConfigDigest} of the configuration in use. */
    public String digest() {
        return ConfigDigest.of(current.get());
    }

    @Override
    public List<ConfigProblem> validate(String yaml) {
        try {
            ConfigLoader.parse(yaml, "request");
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    @Override
    public synchronized ReloadResult reload() {
        String source = file.toString();
        TandemConfig next;
        try {
            next = ConfigLoader.load(file);
        } catch (ConfigException e) {
            LOG.warn("config reload rejected: {} problem(s) in {}; keeping the running configuration",
                    e.problems().size(), source);
            return new Rejected(source, e.problems());
        }
        TandemConfig previous = current.get();
        List<ConfigProblem> problems = restartOnly(source, previous, next);
        if (!problems.isEmpty()) {
            LOG.warn("config reload rejected: {} change(s) need a restart; keeping the running configuration",
                    problems.size());
            return new Rejected(source, problems);
        }
        try {
            apply.accept(next);
        } catch (RuntimeException e) {
            LOG.warn("config reload rejected while applying: {}; keeping the running configuration", e.getMessage());
            return new Rejected(source, List.of(new ConfigProblem(source, 0, "(apply)",
                    String.valueOf(e.getMessage()), "a configuration this member can apply at runtime")));
        }
        current.set(next);
        String before = ConfigDigest.of(previous);
        String after = ConfigDigest.of(next);
        boolean changed = !previous.equals(next);
        LOG.info("config reloaded from {}: digest {} (was {}){}", source, after, before, changed ? "" : ", unchanged");
        return new Reloaded(source, after, before, changed);
    }

    /** What a running member cannot change: reported as problems, all of them. */
    static List<ConfigProblem> restartOnly(String source, TandemConfig running, TandemConfig next) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (!running.node().id().equals(next.node().id())) {
            problems.add(new ConfigProblem(source, 0, "node.id", next.node().id(),
                    running.node().id() + " as running; changing the node id needs a restart"));
        }
        if (!running.listener().equals(next.listener())) {
            problems.add(new ConfigProblem(source, 0, "listener", listener(next),
                    listener(running) + " as running; changing the service listener needs a restart"));
        }
        return problems;
    }

    private static String listener(TandemConfig config) {
        return config.listener().address() + ":" + config.listener().port() + " io-threads " + config.listener().ioThreads();
    }
}
