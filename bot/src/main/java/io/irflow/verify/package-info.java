/**
 * Verified containment: after a product accepts an action, irflow reads the product's own state until it confirms or
 * a deadline passes and says so in the action's thread ({@link io.irflow.verify.ContainmentVerifier}); periodically,
 * on the leader, it re-checks everything irflow holds and alerts the response room once per drift
 * ({@link io.irflow.verify.DriftCheck}). Products are read only through {@code capabilities.ContainmentCheck}.
 */
package io.irflow.verify;
