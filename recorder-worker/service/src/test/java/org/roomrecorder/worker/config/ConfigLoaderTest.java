package org.roomrecorder.worker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.worker.session.SessionConfig;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void everyReferenceKeyIsDocumented() {
        Config reference = ConfigFactory.parseResources("reference.conf").getConfig(ConfigLoader.ROOT);
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            assertFalse(entry.getValue().origin().comments().isEmpty(), entry.getKey() + " has no comment");
        }
    }

    @Test
    void theDefaultsAloneMakeAWorkingConfiguration() {
        Config worker = ConfigLoader.load(null);
        SessionConfig sessions = SessionConfig.from(worker);
        assertEquals(16, sessions.maxSessions());
        assertEquals("run/worker.sock", worker.getString("socket"));
    }

    @Test
    void aTypoIsRefusedWithTheNearestKey() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(write("room-recorder.worker.sessions.mx = 4")));
        assertTrue(e.getMessage().contains("unknown key 'room-recorder.worker.sessions.mx'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'room-recorder.worker.sessions.max'"), e.getMessage());
        assertTrue(e.getMessage().contains("worker.conf: 1"), "names the file and line: " + e.getMessage());
    }

    @Test
    void aWrongTypeNamesTheKey() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(write("room-recorder.worker.sessions.max = lots")));
        assertTrue(e.getMessage().contains("sessions.max"), e.getMessage());
    }

    @Test
    void aSizeThatIsNoneNamesTheKey() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(write("room-recorder.worker.media.frame-memory = lots")));
        assertTrue(e.getMessage().contains("media.frame-memory"), e.getMessage());
        assertEquals(64L << 20, ConfigLoader.load(write("room-recorder.worker.media.frame-memory = 64 MiB"))
                .getBytes("media.frame-memory"));
    }

    @Test
    void aMissingFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(dir.resolve("absent.conf")));
        assertTrue(e.getMessage().contains("absent.conf does not exist"), e.getMessage());
    }

    private Path write(String hocon) throws Exception {
        Path file = dir.resolve("worker.conf");
        Files.writeString(file, hocon + "\n");
        return file;
    }
}
