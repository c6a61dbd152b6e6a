/**
 * Typed configuration: the {@code AppConfig} record tree, the YAML/environment loader with its schema and report,
 * secrets, and the value types parsed from config lists ({@code NoProxy}, {@code PeopleList}).
 */
package io.irflow.config;
