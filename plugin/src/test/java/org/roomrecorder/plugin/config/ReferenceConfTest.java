package org.roomrecorder.plugin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("reference.conf")
class ReferenceConfTest {
    private final Config reference = ConfigFactory.parseResources(getClass().getClassLoader(), "reference.conf");

    @Test
    @DisplayName("documents every key with a comment above it")
    void everyKeyHasAComment() {
        List<String> undocumented = reference.getConfig(ConfigValidator.ROOT).entrySet().stream()
                .filter(e -> e.getValue().origin().comments().isEmpty()).map(Map.Entry::getKey).sorted().toList();
        assertEquals(List.of(), undocumented);
        ConfigValue hosts = reference.getValue(ConfigValidator.ROOT + ".hosts");
        assertEquals(false, hosts.origin().comments().isEmpty(), "hosts (an empty section) is documented too");
    }

    @Test
    @DisplayName("is valid against itself, so every default passes the checks an admin's file gets")
    void isValid() {
        Config merged = reference.resolve();
        assertEquals(List.of(), new ConfigValidator(reference).problems(ConfigFactory.empty(), merged, null));
    }
}
