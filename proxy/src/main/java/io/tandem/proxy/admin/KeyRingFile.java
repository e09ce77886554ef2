package io.tandem.proxy.admin;

import io.tandem.session.KeyRing;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key-ring file replaced atomically: the new text goes to a private temporary file in the same
 * directory (mode 600 where POSIX permissions exist), is forced to disk, then moved over the old
 * file. A reader sees the old ring or the new one, never a mix. A pair member's rotation state
 * ({@link RotationState}) is written into the same file as comment lines, so that ring and state
 * change together.
 */
final class KeyRingFile implements KeyRingStore {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.keys");

    private final Path file;

    KeyRingFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    @Override
    public void save(KeyRing ring) throws IOException {
        write(ring.toText());
    }

    /** The ring, then the state as comment lines ({@link RotationState#toLines}), in one atomic replacement. */
    @Override
    public void save(KeyRing ring, RotationState state) throws IOException {
        write(ring.toText() + state.toLines());
    }

    @Override
    public RotationState state() {
        try {
            List<String> problems = new ArrayList<>();
            RotationState state = RotationState.parse(Files.readString(file, StandardCharsets.UTF_8), problems);
            problems.forEach(p -> LOG.warn("key ring file {}: {}", file, p));
            return state;
        } catch (IOException e) {
            LOG.warn("key ring file {}: rotation state not read ({}); starting without it", file,
                    e.getClass().getSimpleName());
            return RotationState.empty();
        }
    }

    private synchronized void write(String text) throws IOException {
        Path dir = file.getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        }
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public String description() {
        return "file " + file;
    }
}
