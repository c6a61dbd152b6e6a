/** Caching decorators (Caffeine) around read-only capabilities; writes and containment are never cached. */
package io.irflow.cache;
