package org.roomrecorder.plugin.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot run the plugin; the message lists every problem found, one per line. */
public final class ConfigInvalidException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    public ConfigInvalidException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
