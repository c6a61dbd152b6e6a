/** Flyway's Java migrations (the SQL ones are resources under {@code db/migration}): data no SQL can compute. */
package db.migration;
