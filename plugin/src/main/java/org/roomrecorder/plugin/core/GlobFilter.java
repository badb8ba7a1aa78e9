package org.roomrecorder.plugin.core;

import java.util.List;

/** Accepts an id that matches an include pattern and no exclude pattern. */
public record GlobFilter(List<Glob> include, List<Glob> exclude) {
    public GlobFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public static GlobFilter of(List<String> include, List<String> exclude) {
        return new GlobFilter(include.stream().map(Glob::of).toList(), exclude.stream().map(Glob::of).toList());
    }

    public boolean accepts(String id) {
        return include.stream().anyMatch(glob -> glob.matches(id)) && exclude.stream().noneMatch(glob -> glob.matches(id));
    }
}
