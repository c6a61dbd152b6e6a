/**
 * The shared OAuth2 client-credentials helper: cached access tokens refreshed before expiry, used by ServiceNow and
 * Threat Response.
 */
package io.irflow.adapters.oauth;
