/**
 * Outbound HTTP shared by Webex and the adapters: proxy and trusted-CA settings ({@code Outbound}, {@code TrustedCas}),
 * origin checks and URL path encoding.
 */
package io.irflow.net;
