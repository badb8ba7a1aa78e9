package org.roomrecorder.plugin.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.roomrecorder.protocol.Text;

/**
 * Checks a configuration against reference.conf under {@code room-recorder.plugin}: every value has its reference
 * value's type (a duration where the reference holds a duration, a whole number where it holds one; Typesafe's own
 * {@code checkValid} lets a string pass for a number), and no key is there that the reference does not define,
 * with the nearest defined key suggested. Host adapter sections ({@code hosts.<name>}) must name an installed
 * adapter; they are checked like the rest when the adapter ships a reference.conf fragment for them.
 */
public final class ConfigValidator {
    public static final String ROOT = "room-recorder.plugin";
    private static final String HOSTS = "hosts";

    private final Config reference;
    private final Set<String> referencePaths = new LinkedHashSet<>();

    public ConfigValidator(Config reference) {
        this.reference = requireNonNull(reference, "reference is null");
        for (String leaf : reference.getConfig(ROOT).entrySet().stream().map(Map.Entry::getKey).toList()) {
            List<String> segments = ConfigUtil.splitPath(leaf);
            for (int i = 1; i <= segments.size(); i++) {
                referencePaths.add(ROOT + "." + ConfigUtil.joinPath(segments.subList(0, i)));
            }
        }
    }

    /**
     * @param given  what the admin wrote (without the reference), for the unknown-key check
     * @param merged the same over the reference, resolved, for the type check
     * @param hosts  the names of the installed host adapters; null when an embedding host brings its own adapter,
     *               and any {@code hosts.<name>} section may then be its
     */
    public List<ConfigProblem> problems(Config given, Config merged, Set<String> hosts) {
        List<ConfigProblem> problems = new ArrayList<>();
        try {
            merged.checkValid(reference, ROOT);
        } catch (ConfigException.ValidationFailed e) {
            for (ConfigException.ValidationProblem problem : e.problems()) {
                problems.add(new ConfigProblem(problem.path(), problem.problem(), problem.origin().description()));
            }
        }
        for (Map.Entry<String, ConfigValue> leaf : reference.getConfig(ROOT).entrySet()) {
            String path = ROOT + "." + leaf.getKey();
            if (merged.hasPath(path) && problems.stream().noneMatch(p -> path.startsWith(p.key()))) {
                checkType(path, leaf.getValue(), merged, problems);
            }
        }
        if (given.hasPath(ROOT)) {
            findUnknownKeys(given.getConfig(ROOT), hosts, problems);
        }
        return problems;
    }

    private void checkType(String path, ConfigValue expected, Config merged, List<ConfigProblem> problems) {
        ConfigValue actual = merged.getValue(path);
        String wanted;
        try {
            wanted = switch (expected.valueType()) {
                case NUMBER -> number(expected, merged, path);
                case BOOLEAN -> {
                    merged.getBoolean(path);
                    yield null;
                }
                case STRING -> string(path, actual, merged);
                case LIST -> list((ConfigList) expected, actual, merged, path);
                default -> null;
            };
        } catch (ConfigException e) {
            wanted = describe(expected.valueType(), path);
        }
        if (wanted != null) {
            problems.add(new ConfigProblem(path, "expected " + wanted + ", got " + render(actual),
                    actual.origin().description()));
        }
    }

    private static String number(ConfigValue expected, Config merged, String path) {
        boolean whole = expected.unwrapped() instanceof Integer || expected.unwrapped() instanceof Long;
        if (!whole) {
            merged.getDouble(path);
            return null;
        }
        Object value = merged.getValue(path).unwrapped();
        if (value instanceof Integer || value instanceof Long) {
            return null;
        }
        if (value instanceof String text) {
            try {
                Long.parseLong(text.trim());
                return null;
            } catch (NumberFormatException e) {
                return "a whole number";
            }
        }
        return "a whole number";
    }

    private String string(String path, ConfigValue actual, Config merged) {
        if (isDuration(path)) {
            merged.getDuration(path);
            return null;
        }
        ConfigValueType type = actual.valueType();
        return type == ConfigValueType.STRING || type == ConfigValueType.NUMBER || type == ConfigValueType.BOOLEAN
                ? null : "a string";
    }

    private boolean isDuration(String path) {
        try {
            reference.getDuration(path);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    private static String list(ConfigList expected, ConfigValue actual, Config merged, String path) {
        if (actual.valueType() != ConfigValueType.LIST) {
            return "a list";
        }
        if (!expected.isEmpty() && expected.get(0).valueType() == ConfigValueType.STRING) {
            for (ConfigValue element : (ConfigList) actual) {
                if (element.valueType() != ConfigValueType.STRING) {
                    return "a list of strings";
                }
            }
        }
        return null;
    }

    private static String describe(ConfigValueType type, String path) {
        return switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a duration such as '5 seconds' or '200 ms'";
            case LIST -> "a list";
            default -> "a value like the default of " + path;
        };
    }

    private void findUnknownKeys(Config section, Set<String> hosts, List<ConfigProblem> problems) {
        Set<String> reported = new LinkedHashSet<>();
        for (Map.Entry<String, ConfigValue> leaf : section.entrySet()) {
            List<String> segments = ConfigUtil.splitPath(leaf.getKey());
            if (segments.size() >= 2 && segments.get(0).equals(HOSTS)) {
                String host = segments.get(1);
                String hostPath = ROOT + "." + ConfigUtil.joinPath(segments.subList(0, 2));
                if (hosts != null && !hosts.contains(host)) {
                    if (reported.add(hostPath)) {
                        String nearest = KeySuggestions.nearest(host, hosts);
                        problems.add(new ConfigProblem(hostPath, "is the section of host adapter '"
                                + Text.printable(host) + "', which is not installed (installed: "
                                + (hosts.isEmpty() ? "none" : String.join(", ", hosts)) + ")"
                                + (nearest == null ? "" : "; did you mean hosts." + nearest + "?"),
                                leaf.getValue().origin().description()));
                    }
                    continue;
                }
                if (!reference.hasPath(hostPath)) {
                    continue; // the adapter ships no reference for its section: it checks its own settings
                }
            }
            for (int i = 1; i <= segments.size(); i++) {
                String prefix = ROOT + "." + ConfigUtil.joinPath(segments.subList(0, i));
                if (!referencePaths.contains(prefix)) {
                    if (reported.add(prefix)) {
                        String nearest = KeySuggestions.nearest(prefix, referencePaths);
                        problems.add(new ConfigProblem(prefix, "is not a setting of the plugin"
                                + (nearest == null ? "" : "; did you mean " + nearest + "?"),
                                leaf.getValue().origin().description()));
                    }
                    break;
                }
            }
        }
    }

    private static String render(ConfigValue value) {
        return Text.printable(value.render(ConfigRenderOptions.concise()));
    }
}
