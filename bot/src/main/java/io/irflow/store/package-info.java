/**
 * The database: the JDBC pool (embedded H2 by default or PostgreSQL), Flyway migrations, the small {@code Jdbc}
 * helper the stores build on, and what lets several instances share one PostgreSQL: the {@code Claimant} outbox work is
 * claimed as, and the {@code Leadership} (advisory lock) that picks the one instance that polls.
 */
package io.irflow.store;
