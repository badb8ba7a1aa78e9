package org.roomrecorder.plugin.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.roomrecorder.protocol.Text;

/**
 * Seeded, reproducible fuzzing of a text-message entry point: each input is one of the real messages it is given,
 * mutated in its JSON tree (a value replaced by a hostile one of any type, a field dropped, a node wrapped or
 * repeated) and in its text (characters inserted, dropped, repeated, cut), spliced with another, or plain noise.
 * Input {@code i} of seed {@code s} is always the same, and a failure names both: {@code -Drr.fuzz.seed=s} replays
 * the run ({@code -Drr.fuzz.inputs=n} scales it).
 */
public final class JsonFuzzer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ALPHABET = "{}[]:,\"\\ 0123456789.-+eEtrufalsn\u0000\n\r\t\u001b\u007f\u00e9\u2028"
            + "\ud83d\ude00\ud800\udfff/";
    private static final List<JsonNode> HOSTILE = List.of(NODES.textNode("../../x"), NODES.textNode("a\u0000b"),
            NODES.textNode("x".repeat(10_000)), NODES.textNode("\n\u001b[31mred\u001b[0m\r\ninjected"),
            NODES.textNode("$(touch /tmp/pwned);`id`|&>"), NODES.textNode("\ud83d\ude00\ud800\u202e"),
            NODES.textNode(""), NODES.textNode("."), NODES.textNode(".."), NODES.textNode("ok"),
            NODES.numberNode(-1), NODES.numberNode(0), NODES.numberNode(new BigInteger("18446744073709551615")),
            NODES.numberNode(new BigInteger("18446744073709551616")), NODES.numberNode(Long.MIN_VALUE),
            NODES.numberNode(1e308), NODES.numberNode(-0.0), NODES.numberNode(3.5), NODES.booleanNode(true),
            NODES.nullNode(), NODES.arrayNode(), NODES.objectNode(), NODES.textNode("offer"),
            NODES.textNode("candidate:1 1 udp 1 127.0.0.2 5000 typ host"));

    private final List<String> seeds;
    private final List<JsonNode> trees = new ArrayList<>();

    public JsonFuzzer(List<String> seeds) {
        this.seeds = List.copyOf(seeds);
        for (String seed : seeds) {
            try {
                trees.add(MAPPER.readTree(seed));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("a seed is not JSON: " + seed, e);
            }
        }
    }

    /** The seed of this run: {@code -Drr.fuzz.seed}, or a fresh one. */
    public static long seed() {
        String given = System.getProperty("rr.fuzz.seed");
        return given != null ? Long.parseLong(given) : new SplittableRandom().nextLong();
    }

    /** {@code -Drr.fuzz.inputs} when given, otherwise the test's own number. */
    public static int inputs(int otherwise) {
        return Integer.getInteger("rr.fuzz.inputs", otherwise);
    }

    /**
     * Runs {@code inputs} inputs through {@code entry}; anything it throws, and anything {@code check} finds after an
     * input, fails with the seed, the input's number and its text.
     *
     * @return inputs per second of this thread's CPU time (the wall-clock rate depends on what else runs)
     */
    public double run(String target, long seed, int inputs, Consumer<String> entry, Runnable check) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long startCpu = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < inputs; i++) {
            String input = input(new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L)));
            try {
                entry.accept(input);
                check.run();
            } catch (Throwable failure) {
                throw new AssertionError(target + " fuzz failed on input " + i + " of seed " + seed
                        + " (replay: -Drr.fuzz.seed=" + seed + "): " + Text.printable(input) + " (" + input.length()
                        + " chars): " + failure, failure);
            }
        }
        double rate = inputs / ((cpu.getCurrentThreadCpuTime() - startCpu) / 1e9);
        System.out.printf("%s fuzz: %d inputs, seed %d, %.0f inputs/s of CPU, %.0f inputs/s of wall clock%n", target,
                inputs, seed, rate, inputs / ((System.nanoTime() - start) / 1e9));
        return rate;
    }

    String input(SplittableRandom random) {
        int kind = random.nextInt(100);
        if (kind < 2) {
            return noise(random);
        }
        if (kind < 3) {
            int depth = random.nextInt(1, 3000); // beyond Jackson's nesting limit, and within it
            return "[".repeat(depth) + "{}" + "]".repeat(random.nextInt(depth + 1));
        }
        String text;
        if (kind < 60) {
            JsonNode tree = trees.get(random.nextInt(trees.size())).deepCopy();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                tree = mutate(tree, random);
            }
            text = tree.toString();
        } else if (kind < 70) {
            String a = seeds.get(random.nextInt(seeds.size()));
            String b = seeds.get(random.nextInt(seeds.size()));
            text = a.substring(0, random.nextInt(a.length() + 1)) + b.substring(random.nextInt(b.length() + 1));
        } else {
            text = seeds.get(random.nextInt(seeds.size()));
        }
        return kind < 40 ? text : scramble(text, random);
    }

    private static String noise(SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(200); n > 0; n--) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String scramble(String text, SplittableRandom random) {
        StringBuilder out = new StringBuilder(text);
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int at = random.nextInt(out.length() + 1);
            int end = Math.min(out.length(), at + random.nextInt(16));
            switch (random.nextInt(5)) {
                case 0 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> out.delete(at, end);
                case 2 -> out.insert(at, out.substring(at, end));
                case 3 -> out.setLength(at);
                default -> {
                    if (at < out.length()) {
                        out.setCharAt(at, (char) random.nextInt(0x80));
                    }
                }
            }
        }
        return out.toString();
    }

    /** One change at a random node of the tree; returns the (possibly new) root. */
    private static JsonNode mutate(JsonNode root, SplittableRandom random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty() || random.nextInt(20) == 0) {
            return NODES.arrayNode().add(root);
        }
        ContainerNode<?> node = (ContainerNode<?>) containers.get(random.nextInt(containers.size()));
        JsonNode value = random.nextInt(4) == 0 ? NODES.textNode(noise(random))
                : HOSTILE.get(random.nextInt(HOSTILE.size())).deepCopy();
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty()) {
                object.set("x", value);
                return root;
            }
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(name, NODES.arrayNode().add(object.get(name)));
                default -> object.set(name, value);
            }
        } else {
            ArrayNode array = (ArrayNode) node;
            if (array.isEmpty() || random.nextBoolean()) {
                array.add(array.isEmpty() || random.nextBoolean() ? value : array.get(0).deepCopy());
            } else {
                array.set(random.nextInt(array.size()), value);
            }
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            Iterator<Map.Entry<String, JsonNode>> fields = node.isObject() ? node.fields() : null;
            if (fields != null) {
                fields.forEachRemaining(field -> collect(field.getValue(), out));
            } else {
                node.forEach(child -> collect(child, out));
            }
        }
    }
}
