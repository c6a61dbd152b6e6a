package io.irflow.incidents;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Someone took an alert on one of an incident's hosts ("I'm on it" on its card): what the report's time to
 * acknowledge is measured to.
 *
 * @param at   when the button was pressed
 * @param by   who pressed it (the email Webex reported)
 * @param what the alert, in words ("Executed malware on WKS-FIN-042")
 */
public record Acknowledgement(Instant at, String by, String what) {

    /** Where acknowledgements are recorded (the alerts' store). */
    @FunctionalInterface
    public interface Source {
        /** None: no alert is ever acknowledged. */
        Source NONE = (keys, since) -> Optional.empty();

        /**
         * The first acknowledgement made at or after {@code since} of an alert on a host with any of these
         * identifiers (host names, IPs, MACs, connector guids; case-insensitive).
         */
        Optional<Acknowledgement> first(Collection<String> hostKeys, Instant since);
    }
}
