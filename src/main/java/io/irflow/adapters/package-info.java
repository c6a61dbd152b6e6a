/** Helpers shared by every product adapter: HTTP settings and the per-product Unirest instance, Retry-After parsing and safe XML parsing. */
package io.irflow.adapters;
