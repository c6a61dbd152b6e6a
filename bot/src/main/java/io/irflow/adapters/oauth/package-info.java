/**
 * The shared OAuth2 helper: cached access tokens refreshed before expiry, and a call sent again once with a fresh
 * token when the API answers 401; used by ServiceNow, Threat Response and Umbrella's v2 destination lists.
 */
package io.irflow.adapters.oauth;
