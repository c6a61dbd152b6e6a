package io.irflow.config;

import java.util.List;

/** The config cannot be used; each problem names the key and what is expected. */
public class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with the key. */
    public List<String> problems() {
        return problems;
    }
}
