/**
 * Demo only: HTTP simulators of each product API (AMP, ISE, Umbrella, Investigate, Threat Grid, Threat Response, CMX,
 * Cognitive, ServiceNow, VirusTotal), serving the shapes of the reference notes.
 */
package io.irflow.sandbox.sim;
