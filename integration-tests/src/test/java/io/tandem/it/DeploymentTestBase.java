package io.tandem.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Each test gets a fresh three-instance farm and one Tandem process in front of it. */
abstract class DeploymentTestBase {

    @TempDir
    Path dir;

    Deployment deployment;

    @BeforeEach
    void startDeployment() throws Exception {
        deployment = Deployment.start(dir, 3, "");
    }

    @AfterEach
    void stopDeployment() {
        deployment.close();
    }
}
