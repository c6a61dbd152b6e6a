/**
 * The database: the JDBC pool (embedded H2 by default or PostgreSQL), Flyway migrations and the small {@code Jdbc}
 * helper the stores build on.
 */
package io.irflow.store;
