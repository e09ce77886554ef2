package io.tandem.it;

import io.tandem.farm.MagentoFarm;
import io.tandem.farm.MagentoInstance;
import io.tandem.session.KeyRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A shop farm in this JVM and one Tandem member process in front of it, with a fresh key ring. */
final class Deployment implements AutoCloseable {

    final MagentoFarm farm;
    final KeyRing keyRing;
    final TandemProcess tandem;

    private Deployment(MagentoFarm farm, KeyRing keyRing, TandemProcess tandem) {
        this.farm = farm;
        this.keyRing = keyRing;
        this.tandem = tandem;
    }

    static Deployment start(Path dir, int instances, String extraYaml) throws IOException, InterruptedException {
        MagentoFarm farm = MagentoFarm.start(instances);
        try {
            KeyRing keyRing = KeyRing.generate("k1");
            writeKeys(dir, keyRing);
            int port = TandemProcess.freePort();
            MemberConfig config = new MemberConfig("it-a", port).extra(extraYaml);
            for (MagentoInstance instance : farm.instances()) {
                config.backend(instance.name(), instance.baseUrl());
            }
            config.writeTo(dir);
            return new Deployment(farm, keyRing, new TandemProcess(dir, port).start());
        } catch (IOException | RuntimeException | InterruptedException e) {
            farm.close();
            throw e;
        }
    }

    static void writeKeys(Path dir, KeyRing ring) throws IOException {
        Files.writeString(dir.resolve("keys"), ring.toText());
    }

    @Override
    public void close() {
        try {
            tandem.close();
        } finally {
            farm.close();
        }
    }
}
