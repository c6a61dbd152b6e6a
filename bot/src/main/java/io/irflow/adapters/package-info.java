/**
 * What every product folder builds on: {@code ProductModule} (a product's config section and the capabilities it
 * provides), its context and the capabilities it collects into; HTTP settings and the per-product Unirest plumbing
 * (proxy, trust, outcome mapping), a lookup's independent calls side by side ({@code ConcurrentCalls}), Retry-After
 * parsing and safe XML parsing. Each sub-package but {@code oauth} is one
 * product with one shape: a {@code <Product>Module}, its config, its client(s), one {@code <Product><Capability>}
 * class per capability, and its DTOs under {@code dto}.
 */
package io.irflow.adapters;
