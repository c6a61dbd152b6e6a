/**
 * Demo only: starts irflow against simulated products and a local Webex stand-in, with the demo company and
 * credentials; only {@code app} imports it.
 */
package io.irflow.sandbox;
