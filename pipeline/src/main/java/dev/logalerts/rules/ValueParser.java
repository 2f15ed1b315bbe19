package dev.logalerts.rules;

import dev.logalerts.yaml.YamlNode;

/** Parses and checks one rules-file value ({@link RuleValues} holds the shared ones). */
@FunctionalInterface
public interface ValueParser<T> {
  T parse(YamlNode v) throws BadValue;
}
