/**
 * Demo only (the demo module): starts irflow against simulated products and a local Webex stand-in, with the demo
 * company and credentials; the bot's {@code demo} command finds it through {@code app.DemoLauncher}
 * ({@link io.irflow.sandbox.SandboxLauncher}), and nothing in the bot imports it.
 */
package io.irflow.sandbox;
