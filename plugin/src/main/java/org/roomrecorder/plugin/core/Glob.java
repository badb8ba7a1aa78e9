package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** A shell-style pattern over a whole id: {@code *} any run of characters, {@code ?} one character. Case-sensitive. */
public record Glob(String pattern, Pattern regex) {
    public Glob {
        requireNonNull(pattern, "pattern is null");
        requireNonNull(regex, "regex is null");
    }

    public static Glob of(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return new Glob(pattern, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    public boolean matches(String id) {
        return regex.matcher(id).matches();
    }
}
