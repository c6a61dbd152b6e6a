package io.irflow.capabilities;

/** One title/value line of a source's findings, shown as a FactSet row. Values are raw (unescaped) text. */
public record Fact(String title, String value) {
}
