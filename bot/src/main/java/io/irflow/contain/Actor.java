package io.irflow.contain;

/**
 * Who pressed or typed, as Webex identifies them (looked up by person id, never taken from card data).
 *
 * @param personId Webex person id
 * @param email    their email, lower-case
 * @param roomId   where they did it
 */
public record Actor(String personId, String email, String roomId) {
}
