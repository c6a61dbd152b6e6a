/**
 * Alerts from pollable products: polling with cursors ({@code AlertPoller}), inbound alerts, the store of alerts,
 * groups and posts, the pipeline that enriches and posts them, and the auto-quarantine policy.
 */
package io.irflow.alerts;
