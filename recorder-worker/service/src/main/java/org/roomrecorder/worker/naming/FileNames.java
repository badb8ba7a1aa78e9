package org.roomrecorder.worker.naming;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a file-name template into a path inside a directory. Every substituted value may come from a remote peer
 * (stream ids, display names, endpoint and conference ids), so each is reduced to letters, digits, {@code .},
 * {@code -} and {@code _}, never {@code .} or {@code ..}, at most {@value #MAX_PART_BYTES} UTF-8 bytes; a value
 * that had to change keeps a short hash of the original, so two hostile ids cannot collide into one name. The
 * result is checked to stay inside the directory whatever the template says.
 */
public final class FileNames {
    static final int MAX_PART_BYTES = 80;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    private FileNames() {
    }

    /**
     * Resolves {@code template} (placeholders like {@code {endpoint}}; {@code /} makes subdirectories) against
     * {@code directory}, adding {@code extension}.
     *
     * @throws IllegalArgumentException if the template names an unknown placeholder or leaves the directory
     */
    public static Path resolve(Path directory, String template, Map<String, String> values, String extension) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder {" + m.group(1) + "} in file-name template; known: "
                        + values.keySet().stream().sorted().map(k -> "{" + k + "}").toList());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(part(value)));
        }
        m.appendTail(out);
        Path base = directory.toAbsolutePath().normalize();
        StringBuilder relative = new StringBuilder();
        for (String segment : out.toString().split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            relative.append(relative.length() == 0 ? "" : "/").append(templatePart(segment));
        }
        if (relative.length() == 0) {
            throw new IllegalArgumentException("the file-name template '" + template + "' gives an empty name");
        }
        Path file = base.resolve(relative + "." + extension).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new IllegalArgumentException("the file-name template '" + template + "' leaves " + base);
        }
        return file;
    }

    /** A remote-controlled value made safe as one part of a file name. */
    public static String part(String value) {
        String normalized = Normalizer.normalize(value, Normalizer.Form.NFC);
        StringBuilder safe = new StringBuilder(normalized.length());
        normalized.codePoints().forEach(cp -> safe.appendCodePoint(allowed(cp) ? cp : '_'));
        String result = safe.toString();
        while (result.startsWith(".")) {
            result = "_" + result.substring(1);
        }
        boolean changed = !result.equals(value);
        if (result.isEmpty()) {
            result = "_";
        }
        if (result.getBytes(UTF_8).length > MAX_PART_BYTES || changed) {
            String hash = shortHash(value);
            result = cutToBytes(result, MAX_PART_BYTES - hash.length() - 1) + "~" + hash;
        }
        return result;
    }

    /** Literal template text between placeholders: same rules, but an unchanged fixed text stays readable. */
    private static String templatePart(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            return "_";
        }
        StringBuilder safe = new StringBuilder();
        segment.codePoints().forEach(cp -> safe.appendCodePoint(allowed(cp) || cp == '~' ? cp : '_'));
        return safe.toString();
    }

    private static boolean allowed(int cp) {
        return cp == '.' || cp == '-' || cp == '_' || (Character.isLetterOrDigit(cp) && cp > 0x1f);
    }

    private static String cutToBytes(String text, int maxBytes) {
        int end = 0;
        int bytes = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }

    private static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
