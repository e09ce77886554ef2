package io.tandem.farm;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A farm of {@link MagentoInstance}s named {@code web1}, {@code web2}, ... that share a catalog
 * and an order-number sequence (one database) but not sessions (no shared session store), so a
 * proxy in front must keep each visitor on one instance.
 *
 * <p>Either every instance starts or none stays running: if one cannot bind, those already
 * started are stopped and the failure is thrown. Thread-safe like its instances.
 */
public final class MagentoFarm implements AutoCloseable {

    public static final int MAX_INSTANCES = 64;

    private final List<MagentoInstance> instances;

    private MagentoFarm(List<MagentoInstance> instances) {
        this.instances = List.copyOf(instances);
    }

    /** {@code instances} instances on 127.0.0.1, ports chosen by the OS. */
    public static MagentoFarm start(int instances) {
        return start(instances, MagentoInstance.LOOPBACK, 0);
    }

    /** {@code instances} instances on 127.0.0.1, ports {@code basePort}, {@code basePort+1}, ... (0: OS-chosen). */
    public static MagentoFarm start(int instances, int basePort) {
        return start(instances, MagentoInstance.LOOPBACK, basePort);
    }

    /**
     * @throws IllegalArgumentException for a count outside 1..{@value #MAX_INSTANCES} or ports past 65535
     * @throws IllegalStateException    if an instance cannot listen (e.g. the port is taken)
     */
    public static MagentoFarm start(int instances, String host, int basePort) {
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException("instances: " + instances + " (expected: 1.." + MAX_INSTANCES + ")");
        }
        if (basePort < 0 || basePort + instances - 1 > 65_535) {
            throw new IllegalArgumentException("basePort: " + basePort + " (expected: 0, or 1.." + (65_536 - instances)
                    + " so that " + instances + " consecutive ports fit)");
        }
        OrderNumbers orderNumbers = new OrderNumbers();
        List<MagentoInstance> started = new ArrayList<>(instances);
        try {
            for (int i = 1; i <= instances; i++) {
                int port = basePort == 0 ? 0 : basePort + i - 1;
                MagentoInstance instance = new MagentoInstance("web" + i, host, port,
                        MagentoInstance.DEFAULT_MAX_SESSIONS, orderNumbers);
                started.add(instance.start());
            }
        } catch (RuntimeException e) {
            started.forEach(MagentoInstance::stop);
            throw e;
        }
        return new MagentoFarm(started);
    }

    /** In order: web1, web2, ... */
    public List<MagentoInstance> instances() {
        return instances;
    }

    /** @throws IllegalArgumentException if there is no instance of that name */
    public MagentoInstance instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("instance: '" + name + "' (expected one of "
                        + instances.stream().map(MagentoInstance::name).toList() + ")"));
    }

    /** Base URLs in instance order. */
    public List<URI> baseUrls() {
        return instances.stream().map(MagentoInstance::baseUrl).toList();
    }

    /** Stops every instance; idempotent. */
    public void stop() {
        instances.forEach(MagentoInstance::stop);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "farm" + instances;
    }
}
