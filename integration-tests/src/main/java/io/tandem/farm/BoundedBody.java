package io.tandem.farm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/** Collects a response body up to a limit and drops the rest, so a runaway backend cannot exhaust memory. */
final class BoundedBody implements Consumer<Optional<byte[]>> {

    private final int maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    BoundedBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized void accept(Optional<byte[]> chunk) {
        chunk.ifPresent(b -> bytes.write(b, 0, Math.min(b.length, maxBytes - bytes.size())));
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
