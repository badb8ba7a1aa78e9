package org.roomrecorder.worker.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {
    private static final Path DIR = Path.of("/srv/recordings/room");

    @ParameterizedTest
    @ValueSource(strings = {"../../x", "..", ".", "/etc/passwd", "a/../../b", "a\u0000b", "$(reboot)", "`rm -rf /`",
        "x;rm -rf /", "a\nb\r\u001b[31m", "\u202eevil\u202c", "CON", "", " ", "~root", "a\\b", "名前/ünïcødé"})
    void hostileValuesBecomeOneSafePartInsideTheDirectory(String hostile) {
        Path file = FileNames.resolve(DIR, "{streamId}-{displayName}", Map.of("streamId", hostile, "displayName", hostile),
                "mkv");
        assertTrue(file.startsWith(DIR), file::toString);
        assertEquals(DIR, file.getParent(), "no subdirectory from a value: " + file);
        String name = file.getFileName().toString();
        assertTrue(name.chars().noneMatch(c -> c < 0x20 || c == '/' || c == '\\' || c == '$' || c == '`' || c == ';'),
                name);
        assertFalse(name.startsWith("."), name);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
    }

    @Test
    void aTenKilobyteValueIsCutAndStillUnique() {
        String a = "a".repeat(10_000);
        String b = "a".repeat(9_999) + "b";
        String partA = FileNames.part(a);
        assertTrue(partA.getBytes(StandardCharsets.UTF_8).length <= FileNames.MAX_PART_BYTES, partA);
        assertNotEquals(partA, FileNames.part(b), "two long ids must not collide");
    }

    @Test
    void sanitizedValuesKeepAHashSoDifferentHostileIdsDoNotCollide() {
        assertNotEquals(FileNames.part("a/b"), FileNames.part("a\\b"));
        assertNotEquals(FileNames.part("a b"), FileNames.part("a_b"));
    }

    @Test
    void ordinaryIdsStayReadable() {
        assertEquals("4de443e2-5ead-4c6a-944d-2e0ff2a58625", FileNames.part("4de443e2-5ead-4c6a-944d-2e0ff2a58625"));
        assertEquals("Zoë", FileNames.part("Zoë"));
        assertEquals(DIR.resolve("alice-g2-s0.mkv"), FileNames.resolve(DIR, "{endpoint}-g{generation}-s{segment}",
                Map.of("endpoint", "alice", "generation", "2", "segment", "0"), "mkv"));
    }

    @Test
    void aTemplateCannotLeaveTheDirectory() {
        Path file = FileNames.resolve(DIR, "../../{endpoint}", Map.of("endpoint", "x"), "mkv");
        assertEquals(DIR.resolve("_/_/x.mkv"), file);
    }

    @Test
    void anUnknownPlaceholderIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileNames.resolve(DIR, "{nope}", Map.of("endpoint", "x"), "mkv"));
        assertTrue(e.getMessage().contains("{nope}"), e.getMessage());
    }
}
