/**
 * Helpers shared by every product adapter: HTTP settings and the per-product Unirest plumbing (proxy, trust, outcome
 * mapping), Retry-After parsing and safe XML parsing.
 */
package io.irflow.adapters;
