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
import java.util.Objects;

/**
 * A key-ring file replaced atomically: the new text goes to a private temporary file in the same
 * directory (mode 600 where POSIX permissions exist), is forced to disk, then moved over the old
 * file. A reader sees the old ring or the new one, never a mix.
 */
final class KeyRingFile implements KeyRingStore {

    private final Path file;

    KeyRingFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    @Override
    public synchronized void save(KeyRing ring) throws IOException {
        Path dir = file.getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        }
        try {
            Files.writeString(temp, ring.toText(), StandardCharsets.UTF_8);
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
